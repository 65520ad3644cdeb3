import type { SecretBox } from '../auth/secret-box.js';
import { ODataClient, type ODataClientOptions } from '../odata/odata-client.js';
import type { SourceODataRow } from '../storage/repositories/reconciliations-repository.js';

/** A client of a source's stored OData connection; its password opened only here, never logged. */
export function odataClientFor(row: SourceODataRow, box: SecretBox, options: ODataClientOptions = {}): ODataClient {
  return new ODataClient(
    {
      url: row.url,
      ...(row.username !== null ? { user: row.username } : {}),
      ...(row.password !== null ? { password: box.open(row.password) } : {}),
    },
    options,
  );
}
