import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readType } from '../bsl/metadata/read-dumped-configuration.js';
import { child, children, parseXml, textAt, type XmlElement } from '../bsl/metadata/xml-element.js';
import type { AttributeDef, AttributeType, RegisterDef } from '../bsl/runtime/base/metadata.js';

/**
 * What a configuration extension dumped to files installs, read back from the files the 1C
 * developer loads (`onec-sync bsl --dump`): the registers with their dimensions and other fields,
 * the common module's text and flags, the scheduled job's method, the adopted objects' object
 * modules. The simulated base installs from this, so a test runs exactly what is loaded.
 */
export interface ExtensionDump {
  name: string;
  registers: RegisterDef[];
  commonModule: { name: string; text: string; server: boolean; externalConnection: boolean; clientOrdinaryApplication: boolean };
  job: { name: string; module: string; method: string };
  /** `Документ.X` / `Справочник.X` → the object module's text. */
  objectModules: Array<{ table: string; text: string }>;
}

const readXml = (file: string): XmlElement => parseXml(readFileSync(file, 'utf8'));
const readText = (file: string): string =>
  readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n');

function fieldType(e: XmlElement): AttributeType {
  const { type } = readType(child(child(e, 'Properties'), 'Type'));
  if (!type) throw new Error(`${textAt(e, 'Properties', 'Name')}: a register field of a type the base does not keep`);
  switch (type.type) {
    case 'string':
      return { kind: 'string', ...(type.length > 0 ? { length: type.length } : {}) };
    case 'number':
      return { kind: 'number', digits: type.digits, scale: type.scale };
    case 'date':
      return { kind: 'date' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'ref':
      return { kind: 'ref', table: `${type.targets[0]!.class}.${type.targets[0]!.name}` };
  }
}

export function readExtensionDump(dir: string): ExtensionDump {
  const cfg = child(readXml(path.join(dir, 'Configuration.xml')), 'Configuration');
  const kids = child(cfg, 'ChildObjects');
  const listed = (cls: string) => children(kids, cls).map((k) => k.text);
  const registers = listed('InformationRegister').map((name): RegisterDef => {
    const r = child(readXml(path.join(dir, 'InformationRegisters', `${name}.xml`)), 'InformationRegister');
    const fields = child(r, 'ChildObjects')?.children ?? [];
    const def = (e: XmlElement): AttributeDef => ({ name: textAt(e, 'Properties', 'Name') ?? '', type: fieldType(e) });
    return { name, dimensions: fields.filter((f) => f.local === 'Dimension').map(def), fields: fields.filter((f) => f.local !== 'Dimension').map(def) };
  });
  const [moduleName] = listed('CommonModule');
  if (!moduleName) throw new Error(`${dir}: the extension has no common module`);
  const cm = child(child(readXml(path.join(dir, 'CommonModules', `${moduleName}.xml`)), 'CommonModule'), 'Properties');
  const [jobName] = listed('ScheduledJob');
  if (!jobName) throw new Error(`${dir}: the extension has no scheduled job`);
  const method = textAt(child(readXml(path.join(dir, 'ScheduledJobs', `${jobName}.xml`)), 'ScheduledJob'), 'Properties', 'MethodName') ?? '';
  const m = /^CommonModule\.([^.]+)\.([^.]+)$/.exec(method);
  if (!m) throw new Error(`${dir}: the scheduled job's method "${method}" is not CommonModule.<module>.<procedure>`);
  const objectModules: ExtensionDump['objectModules'] = [];
  for (const [cls, folder, table] of [
    ['Document', 'Documents', 'Документ'],
    ['Catalog', 'Catalogs', 'Справочник'],
  ] as const) {
    for (const name of listed(cls)) {
      const file = path.join(dir, folder, name, 'Ext', 'ObjectModule.bsl');
      if (existsSync(file)) objectModules.push({ table: `${table}.${name}`, text: readText(file) });
    }
  }
  return {
    name: textAt(cfg, 'Properties', 'Name') ?? '',
    registers,
    commonModule: {
      name: moduleName,
      text: readText(path.join(dir, 'CommonModules', moduleName, 'Ext', 'Module.bsl')),
      server: textAt(cm, 'Server') === 'true',
      externalConnection: textAt(cm, 'ExternalConnection') === 'true',
      clientOrdinaryApplication: textAt(cm, 'ClientOrdinaryApplication') === 'true',
    },
    job: { name: jobName, module: m[1]!, method: m[2]! },
    objectModules,
  };
}
