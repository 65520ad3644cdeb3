import { writeOneCJson } from '../../src/bsl/one-c-json.js';
import { type ClientSpec, clientBody } from '../../src/emulator/payload-builder.js';
import type { Entity } from './odata-server.js';

/** A client of the base: the fields both its webhook and its OData entity carry. */
export type BaseClient = Required<Pick<ClientSpec, 'uuid' | 'code' | 'name' | 'dataVersion'>> & Pick<ClientSpec, 'fullName' | 'edrpou'>;

/** The client as 1C's standard OData interface lists it (`Catalog_Контрагенты`). */
export function clientEntity(c: BaseClient): Entity {
  return {
    Ref_Key: c.uuid,
    DataVersion: c.dataVersion,
    DeletionMark: false,
    Code: c.code,
    Description: c.name,
    НаименованиеПолное: c.fullName ?? c.name,
    КодПоЕДРПОУ: c.edrpou ?? '',
    ИНН: '',
    Комментарий: '',
  };
}

/** The same client as the generated module posts it, in 1C's bytes. */
export function clientWebhook(c: BaseClient, eventNumber = '1'): Buffer {
  return writeOneCJson(clientBody({ ...c, eventNumber }, 'v2'));
}
