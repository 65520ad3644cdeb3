/**
 * The collections, type descriptions, binary streams and global functions added beside the
 * original library (fixed collections, СписокЗначений, ДеревоЗначений, ОписаниеТипов,
 * ПотокВПамяти, ГенераторСлучайныхЧисел; bitwise, calendar and time-zone, hex/Base64, НСтр,
 * XMLЗначение, ЗаполнитьЗначенияСвойств), gathered for index.ts.
 */
import type { ConstructorDef, GlobalFunctionDef } from '../host-api.js';
import { BINARY_EXTRA_FUNCTIONS } from './binary-functions.js';
import { BITWISE_FUNCTIONS } from './bitwise-functions.js';
import { CALENDAR_FUNCTIONS } from './calendar-functions.js';
import { FILL_PROPERTY_FUNCTIONS } from './fill-property-values.js';
import { FIXED_COLLECTION_TYPES } from './fixed-collections.js';
import { MEMORY_STREAM_TYPE } from './memory-stream.js';
import { NSTR_FUNCTIONS } from './nstr.js';
import { RANDOM_NUMBER_GENERATOR_TYPE } from './random-number-generator.js';
import { TYPE_DESCRIPTION_TYPES } from './type-description.js';
import { VALUE_LIST_TYPE } from './value-list.js';
import { VALUE_TREE_TYPE } from './value-tree.js';
import { XML_VALUE_FUNCTIONS } from './xml-value.js';

export const TYPES_AND_FUNCTIONS: { types: ConstructorDef[]; functions: GlobalFunctionDef[] } = {
  types: [...FIXED_COLLECTION_TYPES, VALUE_LIST_TYPE, VALUE_TREE_TYPE, ...TYPE_DESCRIPTION_TYPES, MEMORY_STREAM_TYPE, RANDOM_NUMBER_GENERATOR_TYPE],
  functions: [...FILL_PROPERTY_FUNCTIONS, ...CALENDAR_FUNCTIONS, ...BITWISE_FUNCTIONS, ...BINARY_EXTRA_FUNCTIONS, ...NSTR_FUNCTIONS, ...XML_VALUE_FUNCTIONS],
};
