/** A problem that stops the dump, said in the customer's terms: the kind, the object, the attribute. */
export class ExtensionDumpError extends Error {
  override name = 'ExtensionDumpError';
}
