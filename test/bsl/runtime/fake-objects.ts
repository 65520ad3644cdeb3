/**
 * Plain objects for runtime tests that need a document or a reference without the 1C base
 * model: properties from a record (case-insensitive), methods from functions, a presentation.
 */
import { BslArray, type BslObject, type BslValue, MemberNotFound, type TypeName } from '../../../src/bsl/runtime/index.js';

export class FakeObject implements BslObject {
  readonly bslType: TypeName;
  private readonly props = new Map<string, BslValue>();

  constructor(
    typeName: string,
    props: Record<string, BslValue>,
    private readonly methods: Record<string, (...args: BslValue[]) => BslValue> = {},
    private readonly text?: string,
  ) {
    this.bslType = { ru: typeName, en: typeName };
    for (const [k, v] of Object.entries(props)) this.props.set(k.toLowerCase(), v);
  }

  getProperty(name: string): BslValue {
    const key = name.toLowerCase();
    if (!this.props.has(key)) throw new MemberNotFound(name, 'property', this.bslType.ru);
    return this.props.get(key);
  }

  setProperty(name: string, value: BslValue): void {
    if (!this.props.has(name.toLowerCase())) throw new MemberNotFound(name, 'property', this.bslType.ru);
    this.props.set(name.toLowerCase(), value);
  }

  hasProperty(name: string): boolean {
    return this.props.has(name.toLowerCase());
  }

  hasMethod(name: string): boolean {
    return Object.keys(this.methods).some((m) => m.toLowerCase() === name.toLowerCase());
  }

  callMethod(name: string, args: BslValue[]): BslValue {
    const m = Object.entries(this.methods).find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (!m) throw new MemberNotFound(name, 'method', this.bslType.ru);
    return m[1](...args);
  }

  getIndexed(key: BslValue): BslValue {
    return this.getProperty(String(key));
  }

  presentation(): string {
    return this.text ?? this.bslType.ru;
  }
}

/** A tabular section: rows to iterate. */
export function rows(list: BslObject[]): BslArray {
  return new BslArray(list);
}
