/** One instance of every class of library/types-and-functions.ts, for the catalogue test. */
import type { PlatformObject } from '../../../src/bsl/runtime/class-def.js';
import { BslArray, BslMap, BslStructure } from '../../../src/bsl/runtime/library/collections.js';
import { FixedArray, FixedMap, FixedStructure } from '../../../src/bsl/runtime/library/fixed-collections.js';
import { MemoryStream } from '../../../src/bsl/runtime/library/memory-stream.js';
import { RandomNumberGenerator } from '../../../src/bsl/runtime/library/random-number-generator.js';
import { DateQualifiers, NumberQualifiers, StringQualifiers, TypeDescription } from '../../../src/bsl/runtime/library/type-description.js';
import { ValueList, ValueListItem } from '../../../src/bsl/runtime/library/value-list.js';
import { ValueTree, ValueTreeColumn, ValueTreeColumns, ValueTreeRow, ValueTreeRows } from '../../../src/bsl/runtime/library/value-tree.js';

export function typeAndFunctionSamples(): PlatformObject[] {
  const tree = new ValueTree();
  const column = tree.addColumn(0, 'А', undefined, undefined, undefined);
  return [
    new FixedStructure(new BslStructure()),
    new FixedMap(new BslMap()),
    new FixedArray(new BslArray().items),
    new ValueList(),
    new ValueListItem(0, undefined),
    tree,
    new ValueTreeColumns(tree),
    new ValueTreeColumn(tree, column),
    new ValueTreeRows(tree, undefined),
    new ValueTreeRow(tree, undefined),
    new TypeDescription([]),
    new NumberQualifiers(),
    new StringQualifiers(),
    new DateQualifiers(),
    new MemoryStream(),
    new RandomNumberGenerator(1),
  ];
}
