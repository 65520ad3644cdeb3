/**
 * The rules an extension dump must keep to load in the Designer, each checked against an
 * extension and a configuration the Designer itself dumped (the references). `dumpViolations`
 * returns one line per broken rule, named, so a test can show that a broken dump fails.
 */

import fs from 'node:fs';
import path from 'node:path';
import { NUMBER_FIELDS, REGISTER_FIELDS } from '../../src/bsl/generator/register-fields.js';
import { child, children, parseXml, textAt, type XmlElement } from '../../src/bsl/metadata/xml-element.js';

export type Files = Map<string, string>;

const read = (dir: string, p: string): XmlElement => parseXml(fs.readFileSync(path.join(dir, p), 'utf8'));
const names = (e: XmlElement | undefined): string[] => (e?.children ?? []).map((c) => c.name);
const nsOf = (e: XmlElement): string[] =>
  Object.entries(e.attrs)
    .filter(([k]) => k.startsWith('xmlns'))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
const objectOf = (root: XmlElement): XmlElement => root.children[0]!;
const generated = (o: XmlElement): string[] =>
  children(child(o, 'InternalInfo'), 'GeneratedType').map((g) => `${g.attrs.name!.split('.')[0]}/${g.attrs.category}`);

export interface References {
  ext: string;
  ssl: string;
}

/** Whether `sub` keeps the order of `full` (every element of sub found in full, in order). */
function inOrder(sub: string[], full: string[]): boolean {
  let i = 0;
  for (const s of sub) {
    i = full.indexOf(s, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

export function dumpViolations(files: Files, ref: References, expect: { queue: string; numbers: string; commonModule: string; job: string }): string[] {
  const out: string[] = [];
  const bad = (rule: string, detail: string) => out.push(`${rule}: ${detail}`);
  const xml = (p: string): XmlElement | undefined => {
    const t = files.get(p);
    return t === undefined ? undefined : parseXml(t);
  };
  const refCfg = read(ref.ext, 'Configuration.xml');
  const refNs = nsOf(refCfg);

  // Rule "namespaces and format": every object file has the reference's namespaces and format version.
  for (const [p, text] of files) {
    if (!p.endsWith('.xml') || p.includes('/Ext/') || p === 'ConfigDumpInfo.xml') continue;
    const root = parseXml(text);
    if (root.name !== 'MetaDataObject') bad('namespaces and format', `${p}: root <${root.name}>`);
    if (nsOf(root).join(' ') !== refNs.join(' ')) bad('namespaces and format', `${p}: namespaces differ from the reference`);
    if (root.attrs.version !== refCfg.attrs.version) bad('namespaces and format', `${p}: version ${root.attrs.version}, reference ${refCfg.attrs.version}`);
  }

  // Rule "configuration": ClassIds, property order, the extension's required properties, children.
  const cfg = xml('Configuration.xml');
  if (!cfg) return [...out, 'configuration: no Configuration.xml'];
  const c = objectOf(cfg);
  const ids = children(child(c, 'InternalInfo'), 'ContainedObject').map((x) => textAt(x, 'ClassId'));
  const refIds = children(child(objectOf(refCfg), 'InternalInfo'), 'ContainedObject').map((x) => textAt(x, 'ClassId'));
  if (ids.join() !== refIds.join()) bad('configuration ClassIds', `${ids.join()} ≠ ${refIds.join()}`);
  const props = names(child(c, 'Properties'));
  const refProps = names(child(objectOf(refCfg), 'Properties'));
  if (!inOrder(props, refProps)) bad('configuration property order', props.join(','));
  for (const req of [
    'Name',
    'ConfigurationExtensionPurpose',
    'ObjectBelonging',
    'KeepMappingToExtendedConfigurationObjectsByIDs',
    'NamePrefix',
    'ConfigurationExtensionCompatibilityMode',
    'DefaultLanguage',
  ]) {
    if (!props.includes(req)) bad('configuration required properties', `no ${req}`);
  }
  if (!['Customization', 'AddOn'].includes(textAt(c, 'Properties', 'ConfigurationExtensionPurpose') ?? '')) bad('configuration required properties', 'purpose');
  if (textAt(c, 'Properties', 'ObjectBelonging') !== 'Adopted') bad('configuration required properties', 'ObjectBelonging is not Adopted');
  const kids = child(c, 'ChildObjects')?.children ?? [];
  const refOrder = [...new Set(names(child(objectOf(refCfg), 'ChildObjects')))];
  if (!inOrder([...new Set(kids.map((k) => k.name))], refOrder)) bad('configuration children order', kids.map((k) => k.name).join(','));
  const folderOf: Record<string, string> = {
    Language: 'Languages',
    Role: 'Roles',
    CommonModule: 'CommonModules',
    ScheduledJob: 'ScheduledJobs',
    Catalog: 'Catalogs',
    Document: 'Documents',
    InformationRegister: 'InformationRegisters',
  };
  for (const k of kids) if (!files.has(`${folderOf[k.name]}/${k.text}.xml`)) bad('every child has its file', `${k.name}.${k.text}`);
  for (const p of files.keys()) {
    const m = /^(\w+)\/([^/]+)\.xml$/.exec(p);
    if (m && !kids.some((k) => folderOf[k.name] === m[1] && k.text === m[2])) bad('every file is a child', p);
  }

  // Rule "modules under Ext": a module lives in <Folder>/<Name>/Ext/ of an object the dump has.
  for (const p of files.keys()) {
    if (!p.endsWith('.bsl')) continue;
    const m = /^(\w+)\/([^/]+)\/Ext\/(Module|ObjectModule)\.bsl$/.exec(p);
    if (!m || !files.has(`${m[1]}/${m[2]}.xml`)) bad('modules under Ext', p);
    else if ((m[1] === 'CommonModules') !== (m[3] === 'Module')) bad('modules under Ext', `${p}: wrong module kind`);
  }

  // Rule "information registers": generated types, properties and fields as the reference's own register; fields as the modules use them.
  const refReg = objectOf(read(ref.ext, 'InformationRegisters/РегистрСведений3.xml'));
  const refDim = children(child(refReg, 'ChildObjects'), 'Dimension')[0]!;
  const sslRes = objectOf(read(ref.ssl, 'InformationRegisters/АрхивСообщенийОбменов.xml'));
  const refRes = children(child(sslRes, 'ChildObjects'), 'Resource')[0]!;
  for (const [name, fields] of [
    [expect.queue, REGISTER_FIELDS],
    [expect.numbers, NUMBER_FIELDS],
  ] as const) {
    const f = xml(`InformationRegisters/${name}.xml`);
    if (!f) {
      bad('information registers', `no ${name}`);
      continue;
    }
    const r = objectOf(f);
    if (generated(r).join() !== generated(refReg).join()) bad('information register generated types', `${name}: ${generated(r).join()}`);
    if (names(child(r, 'Properties')).join() !== names(child(refReg, 'Properties')).join()) bad('information register properties', name);
    if (textAt(r, 'Properties', 'InformationRegisterPeriodicity') !== 'Nonperiodical' || textAt(r, 'Properties', 'WriteMode') !== 'Independent') {
      bad('information register properties', `${name}: not non-periodic and independent`);
    }
    const got = (child(r, 'ChildObjects')?.children ?? []).map((x) => `${x.name}:${textAt(x, 'Properties', 'Name')}`);
    const want = fields.map((x) => `${{ dimension: 'Dimension', resource: 'Resource', attribute: 'Attribute' }[x.role]}:${x.name}`);
    for (const w of want) if (!got.includes(w)) bad('register fields as the modules use them', `${name}: no ${w}`);
    for (const g of got) if (!want.includes(g)) bad('register fields as the modules use them', `${name}: extra ${g}`);
    for (const x of child(r, 'ChildObjects')?.children ?? []) {
      const model = x.name === 'Dimension' ? refDim : refRes;
      const seq = names(child(x, 'Properties'));
      // An attribute has a resource's properties (no Master, MainFilter, DenyIncompleteValues).
      const refSeq = names(child(model, 'Properties'));
      if (seq.join() !== refSeq.join()) bad('register field properties', `${name}.${textAt(x, 'Properties', 'Name')}`);
      const field = fields.find((ff) => ff.name === textAt(x, 'Properties', 'Name'));
      const t = child(child(x, 'Properties'), 'Type');
      const len = textAt(t, 'StringQualifiers', 'Length');
      const m = field && /Строка \((\d+|неограниченная)\)/.exec(field.type);
      if (m && len !== (m[1] === 'неограниченная' ? '0' : m[1])) bad('register field types', `${name}.${field!.name}: length ${len}`);
    }
  }

  // Rule "common module": the reference's own module's property order, the three flags.
  const refCm = objectOf(read(ref.ext, 'CommonModules/ПростойОбщийМодуль1.xml'));
  const cm = xml(`CommonModules/${expect.commonModule}.xml`);
  if (!cm) bad('common module', 'missing');
  else {
    const o = objectOf(cm);
    if (names(child(o, 'Properties')).join() !== names(child(refCm, 'Properties')).join())
      bad('common module properties', names(child(o, 'Properties')).join());
    for (const [flag, v] of [
      ['Server', 'true'],
      ['ExternalConnection', 'true'],
      ['ClientOrdinaryApplication', 'true'],
      ['ClientManagedApplication', 'false'],
      ['Global', 'false'],
    ]) {
      if (textAt(o, 'Properties', flag!) !== v) bad('common module flags', `${flag} ≠ ${v}`);
    }
    if (!files.has(`CommonModules/${expect.commonModule}/Ext/Module.bsl`)) bad('common module', 'no Ext/Module.bsl');
  }

  // Rule "scheduled job": the standard subsystems' job's property order, its method exported by the module, the schedule.
  const sslJob = objectOf(read(ref.ssl, 'ScheduledJobs/ЗагрузкаКурсовВалют.xml'));
  const job = xml(`ScheduledJobs/${expect.job}.xml`);
  if (!job) bad('scheduled job', 'missing');
  else {
    const o = objectOf(job);
    if (names(child(o, 'Properties')).join() !== names(child(sslJob, 'Properties')).join())
      bad('scheduled job properties', names(child(o, 'Properties')).join());
    const method = textAt(o, 'Properties', 'MethodName') ?? '';
    const mm = /^CommonModule\.([^.]+)\.([^.]+)$/.exec(method);
    const text = mm ? files.get(`CommonModules/${mm[1]}/Ext/Module.bsl`) : undefined;
    if (!mm || !text || !new RegExp(`Процедура\\s+${mm[2]}\\s*\\([^)]*\\)\\s+Экспорт`).test(text)) bad('scheduled job method', method);
    const sched = xml(`ScheduledJobs/${expect.job}/Ext/Schedule.xml`);
    const refSched = read(ref.ssl, 'ScheduledJobs/ЗагрузкаКурсовВалют/Ext/Schedule.xml');
    if (!sched) bad('scheduled job schedule', 'no Ext/Schedule.xml');
    else {
      if (sched.name !== refSched.name || nsOf(sched).join() !== nsOf(refSched).join()) bad('scheduled job schedule', 'root or namespaces');
      const s = child(sched, 'Schedule')!;
      if (Object.keys(s.attrs).join() !== Object.keys(child(refSched, 'Schedule')!.attrs).join()) bad('scheduled job schedule', 'attributes');
      if (s.attrs.RepeatPeriodInDay !== '60') bad('scheduled job schedule', `repeats every ${s.attrs.RepeatPeriodInDay} s`);
    }
  }

  // Rule "role": the reference's Rights.xml shape; the sending role has rights on both registers, the
  // OData reader's role Read and nothing else on every adopted document and catalog.
  const refRights = read(ref.ext, 'Roles/Роль2/Ext/Rights.xml');
  const rolesListed = kids.filter((k) => k.name === 'Role').map((k) => k.text);
  for (const role of rolesListed) {
    const rights = xml(`Roles/${role}/Ext/Rights.xml`);
    if (!rights) {
      bad('role rights', `Roles/${role}/Ext/Rights.xml missing`);
      continue;
    }
    if (nsOf(rights).join() !== nsOf(refRights).join() || rights.attrs['xsi:type'] !== 'Rights') bad('role rights', 'root or namespaces');
    const head = names(rights).filter((n) => n !== 'object');
    if (
      head.join() !==
      names(refRights)
        .filter((n) => n !== 'object')
        .join()
    )
      bad('role rights', head.join());
    const granted = (o: ReturnType<typeof child>) =>
      children(o, 'right')
        .filter((r) => textAt(r, 'value') === 'true')
        .map((r) => textAt(r, 'name'));
    if (role === `${expect.commonModule}ЧтениеOData`) {
      const adopted = kids.filter((k) => k.name === 'Document' || k.name === 'Catalog').map((k) => `${k.name}.${k.text}`);
      const objects = children(rights, 'object');
      if (
        objects
          .map((o) => textAt(o, 'name'))
          .sort()
          .join() !== adopted.sort().join()
      )
        bad('role rights', `${role}: not the adopted objects`);
      for (const o of objects) if (granted(o).join() !== 'Read') bad('role rights', `${role}: ${textAt(o, 'name')} grants ${granted(o).join()}`);
      continue;
    }
    for (const reg of [expect.queue, expect.numbers]) {
      const o = children(rights, 'object').find((x) => textAt(x, 'name') === `InformationRegister.${reg}`);
      const rightsOf = granted(o);
      if (!rightsOf.includes('Read') || !rightsOf.includes('Update')) bad('role rights', `${reg}: ${rightsOf.join()}`);
    }
  }

  // Rule "adopted objects": the reference's adopted document's and catalog's generated types and properties.
  for (const [folder, cls, refFile] of [
    ['Documents', 'Document', 'Documents/Документ1.xml'],
    ['Catalogs', 'Catalog', 'Catalogs/Справочник1.xml'],
  ] as const) {
    const refObj = objectOf(read(ref.ext, refFile));
    for (const k of kids.filter((x) => x.name === cls)) {
      const f = xml(`${folder}/${k.text}.xml`);
      if (!f) continue;
      const o = objectOf(f);
      if (generated(o).join() !== generated(refObj).join()) bad('adopted object generated types', `${cls}.${k.text}`);
      if (names(child(o, 'Properties')).join() !== names(child(refObj, 'Properties')).join()) bad('adopted object properties', `${cls}.${k.text}`);
      if (textAt(o, 'Properties', 'ObjectBelonging') !== 'Adopted' || !/^[0-9a-f-]{36}$/.test(textAt(o, 'Properties', 'ExtendedConfigurationObject') ?? '')) {
        bad('adopted object properties', `${cls}.${k.text}: not adopted`);
      }
      if (!files.has(`${folder}/${k.text}/Ext/ObjectModule.bsl`)) bad('adopted object module', `${cls}.${k.text}`);
    }
  }
  const lang = kids.find((k) => k.name === 'Language');
  const langFile = lang && xml(`Languages/${lang.text}.xml`);
  const refLang = objectOf(read(ref.ext, 'Languages/Русский.xml'));
  if (!langFile || names(child(objectOf(langFile), 'Properties')).join() !== names(child(refLang, 'Properties')).join()) bad('adopted language', 'properties');
  return out;
}
