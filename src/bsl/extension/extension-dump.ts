import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { KindDefinition } from '../../kinds/kind-definition.js';
import { odataRoleName } from '../generator/guide-odata.js';
import { type BslOptions, type GeneratedFile, generateBsl } from '../generator/index.js';
import { NUMBER_FIELDS, REGISTER_FIELDS } from '../generator/register-fields.js';
import { DEFAULT_NAMES } from '../generator/resolve-options.js';
import { hasObject, readConfiguration, readLanguage, readObject } from '../metadata/read-dumped-configuration.js';
import { checkAdoptedObject } from './check-adopted-object.js';
import { dumpUuid } from './dump-uuid.js';
import { ExtensionDumpError } from './extension-dump-error.js';
import {
  adoptedLanguageXml,
  adoptedObjectXml,
  CONFIGURATION_CLASS_IDS,
  commonModuleXml,
  DUMP_FORMAT,
  esc,
  informationRegister,
  metaDataObject,
  rightsXml,
  roleXml,
  scheduledJobXml,
  scheduleXml,
} from './extension-xml.js';

/**
 * A configuration extension in the Designer's XML dump format, ready for
 * `1cv8 DESIGNER /LoadConfigFromFiles <dir> -Extension <name>` or
 * `ibcmd infobase config import --extension=<name> <dir>`: the registers, the common module, the
 * scheduled job, the sending role and a read-only role for the OData user of `onec-sync
 * reconcile`, and every synced object adopted with its object module's `&Перед`/`&После` handlers. The module texts are `generateBsl`'s, unchanged.
 */
export interface ExtensionDumpOptions {
  /** The extension's name (default `onec_sync`): the `-Extension` of every command line. */
  name?: string;
  /**
   * The customer's configuration dumped to files: adopted objects take their uuids and exact
   * names from it (and the mapping by ids is kept); a declared attribute missing there stops
   * the dump. Without it objects are adopted by name and the first load checks they exist.
   */
  configuration?: string;
  /** The declared kinds, to check each adopted object's attributes against the configuration. */
  kinds?: readonly KindDefinition[];
}

export const DEFAULT_EXTENSION_NAME = 'onec_sync';

/**
 * The platform behaviour the extension asks for: the guide's minimum platform. An extension's
 * compatibility mode cannot be newer than the platform that runs it, and 8.3.10 is the oldest
 * the generated modules run on.
 */
export const EXTENSION_COMPATIBILITY = 'Version8_3_10';

export { ExtensionDumpError };

interface Adopted {
  cls: 'Document' | 'Catalog';
  folder: 'Documents' | 'Catalogs';
  name: string;
  extended: string;
  module: string;
}

export function generateExtensionDump(options: BslOptions, ext: ExtensionDumpOptions = {}): GeneratedFile[] {
  const n = { ...DEFAULT_NAMES, ...options.names };
  const extName = ext.name ?? DEFAULT_EXTENSION_NAME;
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(extName)) throw new ExtensionDumpError(`"${extName}" is not a 1C name (letters, digits, _)`);
  const bsl = generateBsl(options);
  const common = bsl.find((f) => f.path.startsWith('common/'));
  if (!common) throw new Error('the generator wrote no common module');
  const cfg = ext.configuration ? readConfiguration(ext.configuration) : null;
  const seed = (s: string) => `${extName}/${s}`;

  const adopted: Adopted[] = [];
  for (const f of bsl.filter((x) => x.path.startsWith('extension/'))) {
    const m = /^extension\/(Документ|Справочник)\.(.+)\.МодульОбъекта\.bsl$/.exec(f.path);
    if (!m) throw new Error(`an extension module at an unexpected path: ${f.path}`);
    const metaClass = m[1] as 'Документ' | 'Справочник';
    let name = m[2]!;
    let extended = dumpUuid(seed(`main/${metaClass}.${name}`));
    if (cfg) {
      if (!hasObject(cfg.dir, metaClass, name)) {
        const kind = kindOf(ext.kinds, metaClass, name, n);
        throw new ExtensionDumpError(
          `${kind ? `kind "${kind.kind}": ` : ''}${metaClass}.${name} is not in the configuration ${cfg.name} (${cfg.dir}); give its name with the generator's options or declare the kind for the object the configuration has`,
        );
      }
      const object = readObject(cfg.dir, metaClass, name);
      name = object.name;
      extended = object.uuid;
      const kind = kindOf(ext.kinds, metaClass, name, n);
      if (kind) checkAdoptedObject(kind, object, n, cfg.name);
    }
    adopted.push({
      cls: metaClass === 'Документ' ? 'Document' : 'Catalog',
      folder: metaClass === 'Документ' ? 'Documents' : 'Catalogs',
      name,
      extended,
      module: f.content,
    });
  }

  const language = cfg
    ? readLanguage(cfg.dir, cfg.defaultLanguage ?? cfg.languages[0] ?? 'Русский')
    : { name: 'Русский', uuid: dumpUuid(seed('main/Language.Русский')), code: 'ru' };
  const role = `${n.commonModule}Отправка`;
  const files: GeneratedFile[] = [];
  const add = (path: string, content: string) => files.push({ path, content });

  const odataRole = odataRoleName(n);
  add('Configuration.xml', configurationXml(extName, seed, Boolean(cfg), language.name, { roles: [role, odataRole], adopted, n }));
  add(`Languages/${language.name}.xml`, adoptedLanguageXml(language.name, language.code, language.uuid, seed(`Language.${language.name}`)));
  add(`Roles/${role}.xml`, roleXml(role, 'Синхронізація з ERP: черга відправки', seed(`Role.${role}`)));
  // Every user who writes a synced object writes the outbox in that transaction.
  add(
    `Roles/${role}/Ext/Rights.xml`,
    rightsXml([n.queueRegister, n.numbersRegister].map((r) => ({ object: `InformationRegister.${r}`, rights: ['Read', 'Update', 'View', 'Edit'] }))),
  );
  // The user `onec-sync reconcile` reads the standard OData interface as: Read on the synced
  // objects and nothing else (an extension's role may grant rights on the objects it adopts).
  add(`Roles/${odataRole}.xml`, roleXml(odataRole, 'onec-sync: читання через OData', seed(`Role.${odataRole}`)));
  add(`Roles/${odataRole}/Ext/Rights.xml`, rightsXml(adopted.map((a) => ({ object: `${a.cls}.${a.name}`, rights: ['Read'] }))));
  add(`CommonModules/${n.commonModule}.xml`, commonModuleXml(n.commonModule, 'Синхронізація з ERP', seed(`CommonModule.${n.commonModule}`)));
  add(`CommonModules/${n.commonModule}/Ext/Module.bsl`, common.content);
  add(
    `ScheduledJobs/${n.scheduledJob}.xml`,
    scheduledJobXml(n.scheduledJob, 'Відправка черги в ERP', `CommonModule.${n.commonModule}.ОтправитьОчередь`, seed(`ScheduledJob.${n.scheduledJob}`)),
  );
  add(`ScheduledJobs/${n.scheduledJob}/Ext/Schedule.xml`, scheduleXml());
  for (const a of adopted) {
    add(`${a.folder}/${a.name}.xml`, adoptedObjectXml(a.cls, a.name, a.extended, seed(`${a.cls}.${a.name}`)));
    add(`${a.folder}/${a.name}/Ext/ObjectModule.bsl`, a.module);
  }
  add(
    `InformationRegisters/${n.queueRegister}.xml`,
    informationRegister(n.queueRegister, 'Черга відправки в ERP', REGISTER_FIELDS, seed(`InformationRegister.${n.queueRegister}`)),
  );
  add(
    `InformationRegisters/${n.numbersRegister}.xml`,
    informationRegister(n.numbersRegister, 'Номери подій для ERP', NUMBER_FIELDS, seed(`InformationRegister.${n.numbersRegister}`)),
  );
  add('ConfigDumpInfo.xml', configDumpInfo(extName, files));
  return files;
}

function kindOf(kinds: readonly KindDefinition[] | undefined, metaClass: string, name: string, n: typeof DEFAULT_NAMES): KindDefinition | undefined {
  if (!kinds) return undefined;
  const classic = metaClass === 'Документ' ? (name === n.receipt ? 'receipt' : name === n.invoice ? 'invoice' : null) : name === n.client ? 'client' : null;
  return kinds.find((k) => k.metaClass === metaClass && k.oneCName === name) ?? kinds.find((k) => classic !== null && k.bslKind === classic);
}

function configurationXml(
  name: string,
  seed: (s: string) => string,
  byIds: boolean,
  language: string,
  o: { roles: readonly string[]; adopted: Adopted[]; n: typeof DEFAULT_NAMES },
): string {
  const own = dumpUuid(seed('Configuration'));
  const contained = CONFIGURATION_CLASS_IDS.map(
    (id) =>
      `\t\t\t<xr:ContainedObject>\n\t\t\t\t<xr:ClassId>${id}</xr:ClassId>\n\t\t\t\t<xr:ObjectId>${dumpUuid(seed(`Configuration/${id}`))}</xr:ObjectId>\n\t\t\t</xr:ContainedObject>\n`,
  ).join('');
  // The Designer's order of classes in ChildObjects.
  const children = [
    `<Language>${esc(language)}</Language>`,
    ...o.roles.map((r) => `<Role>${esc(r)}</Role>`),
    `<CommonModule>${esc(o.n.commonModule)}</CommonModule>`,
    `<ScheduledJob>${esc(o.n.scheduledJob)}</ScheduledJob>`,
    ...o.adopted.filter((a) => a.cls === 'Catalog').map((a) => `<Catalog>${esc(a.name)}</Catalog>`),
    ...o.adopted.filter((a) => a.cls === 'Document').map((a) => `<Document>${esc(a.name)}</Document>`),
    `<InformationRegister>${esc(o.n.queueRegister)}</InformationRegister>`,
    `<InformationRegister>${esc(o.n.numbersRegister)}</InformationRegister>`,
  ];
  return metaDataObject(
    `\t<Configuration uuid="${own}">\n\t\t<InternalInfo>\n${contained}\t\t</InternalInfo>\n\t\t<Properties>\n` +
      `\t\t\t<Name>${esc(name)}</Name>\n` +
      '\t\t\t<Synonym>\n\t\t\t\t<v8:item>\n\t\t\t\t\t<v8:lang>ru</v8:lang>\n\t\t\t\t\t<v8:content>onec-sync: синхронізація з ERP</v8:content>\n\t\t\t\t</v8:item>\n\t\t\t</Synonym>\n' +
      '\t\t\t<Comment/>\n' +
      // AddOn (Дополнение): the extension adds its own data, job and handlers and changes none of
      // the vendor's behaviour; the platform applies add-ons after patches and customizations, so
      // the handlers see the object as the customer's other extensions left it.
      '\t\t\t<ConfigurationExtensionPurpose>AddOn</ConfigurationExtensionPurpose>\n' +
      '\t\t\t<ObjectBelonging>Adopted</ObjectBelonging>\n' +
      // By ids only when the uuids are the configuration's own (--configuration); otherwise the
      // adopted objects are found by name.
      `\t\t\t<KeepMappingToExtendedConfigurationObjectsByIDs>${byIds}</KeepMappingToExtendedConfigurationObjectsByIDs>\n` +
      // No prefix: the generated modules call the objects by the names the options give them.
      '\t\t\t<NamePrefix/>\n' +
      `\t\t\t<ConfigurationExtensionCompatibilityMode>${EXTENSION_COMPATIBILITY}</ConfigurationExtensionCompatibilityMode>\n` +
      '\t\t\t<DefaultRunMode>ManagedApplication</DefaultRunMode>\n\t\t\t<UsePurposes>\n\t\t\t\t<v8:Value xsi:type="app:ApplicationUsePurpose">PlatformApplication</v8:Value>\n\t\t\t</UsePurposes>\n' +
      '\t\t\t<ScriptVariant>Russian</ScriptVariant>\n\t\t\t<Vendor>onec-sync</Vendor>\n\t\t\t<Version/>\n' +
      `\t\t\t<DefaultLanguage>Language.${esc(language)}</DefaultLanguage>\n` +
      '\t\t\t<BriefInformation/>\n\t\t\t<DetailedInformation/>\n\t\t\t<Copyright/>\n\t\t\t<VendorInformationAddress/>\n\t\t\t<ConfigurationInformationAddress/>\n\t\t\t<InterfaceCompatibilityMode>Taxi</InterfaceCompatibilityMode>\n' +
      `\t\t</Properties>\n\t\t<ChildObjects>\n${children.map((c) => `\t\t\t${c}\n`).join('')}\t\t</ChildObjects>\n\t</Configuration>\n`,
  );
}

/**
 * `ConfigDumpInfo.xml`: each top-level object with its uuid and a version (the SHA-1 of its file),
 * as the Designer lists them. A full load reads the objects' own files; this file matters to a
 * partial load (`-updateConfigDumpInfo`, `-listFile`), which compares the versions.
 */
function configDumpInfo(name: string, files: GeneratedFile[]): string {
  const rows: string[] = [];
  for (const f of files) {
    const m = /^(?:(\w+)\/)?([^/]+)\.xml$/.exec(f.path);
    if (!m) continue;
    const cls = m[1] === undefined ? 'Configuration' : FOLDER_CLASS[m[1]];
    if (!cls) continue;
    const uuid = /<\w+ uuid="([^"]+)"/.exec(f.content.split('\n').slice(2).join('\n'))?.[1];
    if (!uuid) continue;
    const version = createHash('sha1').update(f.content).digest('hex');
    rows.push(`\t\t<Metadata name="${cls}.${esc(m[1] === undefined ? name : m[2]!)}" id="${uuid}" configVersion="${version}"/>\n`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ConfigDumpInfo xmlns="http://v8.1c.ru/8.3/xcf/dumpinfo" xmlns:xen="http://v8.1c.ru/8.3/xcf/enums" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" format="Hierarchical" version="${DUMP_FORMAT}">\n\t<ConfigVersions>\n${rows.join('')}\t</ConfigVersions>\n</ConfigDumpInfo>\n`;
}

const FOLDER_CLASS: Record<string, string> = {
  Languages: 'Language',
  Roles: 'Role',
  CommonModules: 'CommonModule',
  ScheduledJobs: 'ScheduledJob',
  Catalogs: 'Catalog',
  Documents: 'Document',
  InformationRegisters: 'InformationRegister',
};

/**
 * Writes the dump: XML and .bsl with a UTF-8 BOM and CRLF line ends, as the Designer writes
 * them (it reads either, but a Designer's own dump round-trips byte for byte this way).
 */
export async function writeExtensionDump(options: BslOptions, outDir: string, ext: ExtensionDumpOptions = {}): Promise<string[]> {
  const files = generateExtensionDump(options, ext);
  const root = resolve(outDir);
  const written: string[] = [];
  for (const file of files) {
    const target = join(root, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `\uFEFF${file.content.replace(/\r?\n/g, '\r\n')}`, 'utf8');
    written.push(target);
  }
  return written;
}
