/**
 * The XML of a configuration extension as the 1C Designer dumps it, format 2.9: the same
 * namespaces, element order and properties as an extension the Designer itself wrote (the
 * reference the tests compare with). Own objects carry their full set of properties; adopted
 * objects only their name, `ObjectBelonging` Adopted and `ExtendedConfigurationObject` (the
 * object's uuid in the main configuration), which is all the Designer writes for an object
 * adopted to extend its module.
 */
import type { RegisterField } from '../generator/register-fields.js';
import { dumpUuid } from './dump-uuid.js';

/** The dump format version: what the Designer of the extension's reference wrote (see README). */
export const DUMP_FORMAT = '2.9';

export const MD_NAMESPACES =
  'xmlns="http://v8.1c.ru/8.3/MDClasses" xmlns:app="http://v8.1c.ru/8.2/managed-application/core" xmlns:cfg="http://v8.1c.ru/8.1/data/enterprise/current-config" xmlns:cmi="http://v8.1c.ru/8.2/managed-application/cmi" xmlns:ent="http://v8.1c.ru/8.1/data/enterprise" xmlns:lf="http://v8.1c.ru/8.2/managed-application/logform" xmlns:style="http://v8.1c.ru/8.1/data/ui/style" xmlns:sys="http://v8.1c.ru/8.1/data/ui/fonts/system" xmlns:v8="http://v8.1c.ru/8.1/data/core" xmlns:v8ui="http://v8.1c.ru/8.1/data/ui" xmlns:web="http://v8.1c.ru/8.1/data/ui/colors/web" xmlns:win="http://v8.1c.ru/8.1/data/ui/colors/windows" xmlns:xen="http://v8.1c.ru/8.3/xcf/enums" xmlns:xpr="http://v8.1c.ru/8.3/xcf/predef" xmlns:xr="http://v8.1c.ru/8.3/xcf/readable" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/**
 * The configuration's `InternalInfo`: one contained object per class id, the same six class ids
 * in every configuration and extension of this format (their object ids are the configuration's own).
 */
export const CONFIGURATION_CLASS_IDS = [
  '9cd510cd-abfc-11d4-9434-004095e12fc7',
  '9fcd25a0-4822-11d4-9414-008048da11f9',
  'e3687481-0a87-462c-a166-9f34594f9bba',
  '9de14907-ec23-4a07-96f0-85521cb6b53b',
  '51f2d5d8-ea4d-4064-8892-82951750031e',
  'e68182ea-4237-4383-967f-90c1e3370bc7',
] as const;

/** The generated types each class declares in `InternalInfo`, in the Designer's order: type name prefix and category. */
export const GENERATED_TYPES = {
  Document: [
    ['DocumentObject', 'Object'],
    ['DocumentRef', 'Ref'],
    ['DocumentSelection', 'Selection'],
    ['DocumentList', 'List'],
    ['DocumentManager', 'Manager'],
  ],
  Catalog: [
    ['CatalogObject', 'Object'],
    ['CatalogRef', 'Ref'],
    ['CatalogSelection', 'Selection'],
    ['CatalogList', 'List'],
    ['CatalogManager', 'Manager'],
  ],
  InformationRegister: [
    ['InformationRegisterRecord', 'Record'],
    ['InformationRegisterManager', 'Manager'],
    ['InformationRegisterSelection', 'Selection'],
    ['InformationRegisterList', 'List'],
    ['InformationRegisterRecordSet', 'RecordSet'],
    ['InformationRegisterRecordKey', 'RecordKey'],
    ['InformationRegisterRecordManager', 'RecordManager'],
  ],
} as const;

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const tabs = (n: number) => '\t'.repeat(n);

/** `<MetaDataObject …>` around one object; the Designer writes a BOM and CRLF, the writer adds them. */
export function metaDataObject(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<MetaDataObject ${MD_NAMESPACES} version="${DUMP_FORMAT}">\n${body}</MetaDataObject>\n`;
}

export function synonym(text: string, depth: number): string {
  if (!text) return `${tabs(depth)}<Synonym/>\n`;
  return `${tabs(depth)}<Synonym>\n${tabs(depth + 1)}<v8:item>\n${tabs(depth + 2)}<v8:lang>ru</v8:lang>\n${tabs(depth + 2)}<v8:content>${esc(text)}</v8:content>\n${tabs(depth + 1)}</v8:item>\n${tabs(depth)}</Synonym>\n`;
}

export function generatedTypes(cls: keyof typeof GENERATED_TYPES, name: string, seed: string, depth: number): string {
  const rows = GENERATED_TYPES[cls].map(
    ([prefix, category]) =>
      `${tabs(depth + 1)}<xr:GeneratedType name="${prefix}.${esc(name)}" category="${category}">\n` +
      `${tabs(depth + 2)}<xr:TypeId>${dumpUuid(`${seed}/${category}/type`)}</xr:TypeId>\n` +
      `${tabs(depth + 2)}<xr:ValueId>${dumpUuid(`${seed}/${category}/value`)}</xr:ValueId>\n` +
      `${tabs(depth + 1)}</xr:GeneratedType>\n`,
  );
  return `${tabs(depth)}<InternalInfo>\n${rows.join('')}${tabs(depth)}</InternalInfo>\n`;
}

/** A register field's type, from the type text the guides print (`Строка (36), Основной отбор`). */
export interface FieldXmlType {
  xml: string;
  fill: string;
  mainFilter: boolean;
  indexed: boolean;
}

export function fieldXmlType(text: string, depth: number): FieldXmlType {
  const t = tabs(depth);
  const mainFilter = /Основной отбор/.test(text);
  const indexed = /Индексировать/.test(text);
  if (text.startsWith('Булево'))
    return { xml: `${t}<v8:Type>xs:boolean</v8:Type>\n`, fill: '<FillValue xsi:type="xs:boolean">false</FillValue>', mainFilter, indexed };
  if (text.startsWith('Дата')) {
    return {
      xml: `${t}<v8:Type>xs:dateTime</v8:Type>\n${t}<v8:DateQualifiers>\n${t}\t<v8:DateFractions>DateTime</v8:DateFractions>\n${t}</v8:DateQualifiers>\n`,
      fill: '<FillValue xsi:type="xs:dateTime">0001-01-01T00:00:00</FillValue>',
      mainFilter,
      indexed,
    };
  }
  const num = /^Число \((\d+), (\d+)\)(, неотрицательное)?/.exec(text);
  if (num) {
    return {
      xml: `${t}<v8:Type>xs:decimal</v8:Type>\n${t}<v8:NumberQualifiers>\n${t}\t<v8:Digits>${num[1]}</v8:Digits>\n${t}\t<v8:FractionDigits>${num[2]}</v8:FractionDigits>\n${t}\t<v8:AllowedSign>${num[3] ? 'Nonnegative' : 'Any'}</v8:AllowedSign>\n${t}</v8:NumberQualifiers>\n`,
      fill: '<FillValue xsi:type="xs:decimal">0</FillValue>',
      mainFilter,
      indexed,
    };
  }
  const str = /^Строка \((\d+|неограниченная)\)/.exec(text);
  if (!str) throw new Error(`a register field's type "${text}" has no XML form`);
  const length = str[1] === 'неограниченная' ? 0 : Number(str[1]);
  return {
    xml: `${t}<v8:Type>xs:string</v8:Type>\n${t}<v8:StringQualifiers>\n${t}\t<v8:Length>${length}</v8:Length>\n${t}\t<v8:AllowedLength>Variable</v8:AllowedLength>\n${t}</v8:StringQualifiers>\n`,
    fill: '<FillValue xsi:type="xs:string"/>',
    mainFilter,
    indexed,
  };
}

const ELEMENT_OF_ROLE = { dimension: 'Dimension', resource: 'Resource', attribute: 'Attribute' } as const;

/** One dimension, resource or attribute of an own information register, with the Designer's full property set. */
function registerField(f: RegisterField, seed: string): string {
  const el = ELEMENT_OF_ROLE[f.role];
  const type = fieldXmlType(f.type, 6);
  const dimensionOnly =
    f.role === 'dimension'
      ? `\t\t\t\t\t<Master>false</Master>\n\t\t\t\t\t<MainFilter>${type.mainFilter}</MainFilter>\n\t\t\t\t\t<DenyIncompleteValues>false</DenyIncompleteValues>\n`
      : '';
  return (
    `\t\t\t<${el} uuid="${dumpUuid(`${seed}/${el}.${f.name}`)}">\n\t\t\t\t<Properties>\n\t\t\t\t\t<Name>${esc(f.name)}</Name>\n` +
    synonym('', 5) +
    `\t\t\t\t\t<Comment/>\n\t\t\t\t\t<Type>\n${type.xml}\t\t\t\t\t</Type>\n` +
    '\t\t\t\t\t<PasswordMode>false</PasswordMode>\n\t\t\t\t\t<Format/>\n\t\t\t\t\t<EditFormat/>\n\t\t\t\t\t<ToolTip/>\n\t\t\t\t\t<MarkNegatives>false</MarkNegatives>\n\t\t\t\t\t<Mask/>\n\t\t\t\t\t<MultiLine>false</MultiLine>\n\t\t\t\t\t<ExtendedEdit>false</ExtendedEdit>\n' +
    '\t\t\t\t\t<MinValue xsi:nil="true"/>\n\t\t\t\t\t<MaxValue xsi:nil="true"/>\n\t\t\t\t\t<FillFromFillingValue>false</FillFromFillingValue>\n' +
    `\t\t\t\t\t${type.fill}\n` +
    '\t\t\t\t\t<FillChecking>DontCheck</FillChecking>\n\t\t\t\t\t<ChoiceFoldersAndItems>Items</ChoiceFoldersAndItems>\n\t\t\t\t\t<ChoiceParameterLinks/>\n\t\t\t\t\t<ChoiceParameters/>\n\t\t\t\t\t<QuickChoice>Auto</QuickChoice>\n\t\t\t\t\t<CreateOnInput>Auto</CreateOnInput>\n\t\t\t\t\t<ChoiceForm/>\n\t\t\t\t\t<LinkByType/>\n\t\t\t\t\t<ChoiceHistoryOnInput>Auto</ChoiceHistoryOnInput>\n' +
    dimensionOnly +
    `\t\t\t\t\t<Indexing>${type.indexed ? 'Index' : 'DontIndex'}</Indexing>\n\t\t\t\t\t<FullTextSearch>Use</FullTextSearch>\n\t\t\t\t\t<DataHistory>Use</DataHistory>\n` +
    `\t\t\t\t</Properties>\n\t\t\t</${el}>\n`
  );
}

const STANDARD_ATTRIBUTE = (name: string, fillChecking: string) =>
  `\t\t\t\t<xr:StandardAttribute name="${name}">\n\t\t\t\t\t<xr:LinkByType/>\n\t\t\t\t\t<xr:FillChecking>${fillChecking}</xr:FillChecking>\n\t\t\t\t\t<xr:MultiLine>false</xr:MultiLine>\n\t\t\t\t\t<xr:FillFromFillingValue>false</xr:FillFromFillingValue>\n\t\t\t\t\t<xr:CreateOnInput>Auto</xr:CreateOnInput>\n\t\t\t\t\t<xr:MaxValue xsi:nil="true"/>\n\t\t\t\t\t<xr:ToolTip/>\n\t\t\t\t\t<xr:ExtendedEdit>false</xr:ExtendedEdit>\n\t\t\t\t\t<xr:Format/>\n\t\t\t\t\t<xr:ChoiceForm/>\n\t\t\t\t\t<xr:QuickChoice>Auto</xr:QuickChoice>\n\t\t\t\t\t<xr:ChoiceHistoryOnInput>Auto</xr:ChoiceHistoryOnInput>\n\t\t\t\t\t<xr:EditFormat/>\n\t\t\t\t\t<xr:PasswordMode>false</xr:PasswordMode>\n\t\t\t\t\t<xr:DataHistory>Use</xr:DataHistory>\n\t\t\t\t\t<xr:MarkNegatives>false</xr:MarkNegatives>\n\t\t\t\t\t<xr:MinValue xsi:nil="true"/>\n\t\t\t\t\t<xr:Synonym/>\n\t\t\t\t\t<xr:Comment/>\n\t\t\t\t\t<xr:FullTextSearch>Use</xr:FullTextSearch>\n\t\t\t\t\t<xr:ChoiceParameterLinks/>\n\t\t\t\t\t<xr:FillValue xsi:nil="true"/>\n\t\t\t\t\t<xr:Mask/>\n\t\t\t\t\t<xr:ChoiceParameters/>\n\t\t\t\t</xr:StandardAttribute>\n`;

/**
 * An own non-periodic, independent information register (Непериодический, Независимый): the
 * outbox and the event numbers are written by the modules, never by a recorder document.
 */
export function informationRegister(name: string, synonymText: string, fields: readonly RegisterField[], seed: string): string {
  return metaDataObject(
    `\t<InformationRegister uuid="${dumpUuid(seed)}">\n` +
      generatedTypes('InformationRegister', name, seed, 2) +
      `\t\t<Properties>\n\t\t\t<Name>${esc(name)}</Name>\n` +
      synonym(synonymText, 3) +
      '\t\t\t<Comment/>\n\t\t\t<UseStandardCommands>true</UseStandardCommands>\n\t\t\t<EditType>InDialog</EditType>\n\t\t\t<DefaultRecordForm/>\n\t\t\t<DefaultListForm/>\n\t\t\t<AuxiliaryRecordForm/>\n\t\t\t<AuxiliaryListForm/>\n' +
      `\t\t\t<StandardAttributes>\n${STANDARD_ATTRIBUTE('Active', 'DontCheck')}${STANDARD_ATTRIBUTE('LineNumber', 'DontCheck')}${STANDARD_ATTRIBUTE('Recorder', 'DontCheck')}${STANDARD_ATTRIBUTE('Period', 'ShowError')}\t\t\t</StandardAttributes>\n` +
      '\t\t\t<InformationRegisterPeriodicity>Nonperiodical</InformationRegisterPeriodicity>\n\t\t\t<WriteMode>Independent</WriteMode>\n\t\t\t<MainFilterOnPeriod>false</MainFilterOnPeriod>\n\t\t\t<IncludeHelpInContents>false</IncludeHelpInContents>\n\t\t\t<DataLockControlMode>Managed</DataLockControlMode>\n\t\t\t<FullTextSearch>DontUse</FullTextSearch>\n\t\t\t<EnableTotalsSliceFirst>false</EnableTotalsSliceFirst>\n\t\t\t<EnableTotalsSliceLast>false</EnableTotalsSliceLast>\n\t\t\t<RecordPresentation/>\n\t\t\t<ExtendedRecordPresentation/>\n\t\t\t<ListPresentation/>\n\t\t\t<ExtendedListPresentation/>\n\t\t\t<Explanation/>\n\t\t\t<DataHistory>DontUse</DataHistory>\n\t\t\t<UpdateDataHistoryImmediatelyAfterWrite>false</UpdateDataHistoryImmediatelyAfterWrite>\n\t\t\t<ExecuteAfterWriteDataHistoryVersionProcessing>false</ExecuteAfterWriteDataHistoryVersionProcessing>\n' +
      '\t\t</Properties>\n\t\t<ChildObjects>\n' +
      // The Designer lists dimensions, then resources, then attributes.
      [...fields.filter((f) => f.role === 'dimension'), ...fields.filter((f) => f.role === 'resource'), ...fields.filter((f) => f.role === 'attribute')]
        .map((f) => registerField(f, seed))
        .join('') +
      '\t\t</ChildObjects>\n\t</InformationRegister>\n',
  );
}

/**
 * The common module: Server, External connection and Client (ordinary application), because
 * object modules run in all three and call it there; not global, not a server call, not
 * privileged (its writes run with the rights of the user who writes the object).
 */
export function commonModuleXml(name: string, synonymText: string, seed: string): string {
  return metaDataObject(
    `\t<CommonModule uuid="${dumpUuid(seed)}">\n\t\t<Properties>\n\t\t\t<Name>${esc(name)}</Name>\n` +
      synonym(synonymText, 3) +
      '\t\t\t<Comment/>\n\t\t\t<Global>false</Global>\n\t\t\t<ClientManagedApplication>false</ClientManagedApplication>\n\t\t\t<Server>true</Server>\n\t\t\t<ExternalConnection>true</ExternalConnection>\n\t\t\t<ClientOrdinaryApplication>true</ClientOrdinaryApplication>\n\t\t\t<ServerCall>false</ServerCall>\n\t\t\t<Privileged>false</Privileged>\n\t\t\t<ReturnValuesReuse>DontUse</ReturnValuesReuse>\n' +
      '\t\t</Properties>\n\t</CommonModule>\n',
  );
}

/**
 * The scheduled job: predefined, off until a person turns it on (the guide's step, after the
 * database update), no platform restarts on failure (the module retries by itself).
 */
export function scheduledJobXml(name: string, synonymText: string, method: string, seed: string): string {
  return metaDataObject(
    `\t<ScheduledJob uuid="${dumpUuid(seed)}">\n\t\t<Properties>\n\t\t\t<Name>${esc(name)}</Name>\n` +
      synonym(synonymText, 3) +
      `\t\t\t<Comment/>\n\t\t\t<MethodName>${esc(method)}</MethodName>\n\t\t\t<Description/>\n\t\t\t<Key/>\n\t\t\t<Use>false</Use>\n\t\t\t<Predefined>true</Predefined>\n\t\t\t<RestartCountOnFailure>0</RestartCountOnFailure>\n\t\t\t<RestartIntervalOnFailure>0</RestartIntervalOnFailure>\n` +
      '\t\t</Properties>\n\t</ScheduledJob>\n',
  );
}

/** Every day, repeated every 60 seconds (the guide's manual step says the same). */
export function scheduleXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<JobSchedule xmlns="http://v8.1c.ru/8.3/xcf/extrnprops" xmlns:ent="http://v8.1c.ru/8.1/data/enterprise" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="${DUMP_FORMAT}">\n\t<Schedule BeginDate="0001-01-01" EndDate="0001-01-01" BeginTime="00:00:00" EndTime="00:00:00" CompletionTime="00:00:00" CompletionInterval="0" RepeatPeriodInDay="60" RepeatPause="0" WeekDayInMonth="0" DayInMonth="0" WeeksPeriod="1" DaysRepeatPeriod="1">\n\t\t<ent:WeekDays>1 2 3 4 5 6 7</ent:WeekDays>\n\t\t<ent:Months>1 2 3 4 5 6 7 8 9 10 11 12</ent:Months>\n\t</Schedule>\n</JobSchedule>\n`;
}

export function roleXml(name: string, synonymText: string, seed: string): string {
  return metaDataObject(
    `\t<Role uuid="${dumpUuid(seed)}">\n\t\t<Properties>\n\t\t\t<Name>${esc(name)}</Name>\n${synonym(synonymText, 3)}\t\t\t<Comment/>\n\t\t</Properties>\n\t</Role>\n`,
  );
}

/** A role's rights: each object (`InformationRegister.<Name>`, `Document.<Name>`…) with the rights it grants. */
export function rightsXml(grants: readonly { object: string; rights: readonly string[] }[]): string {
  const right = (n: string) => `\t\t<right>\n\t\t\t<name>${n}</name>\n\t\t\t<value>true</value>\n\t\t</right>\n`;
  const objects = grants.map((g) => `\t<object>\n\t\t<name>${esc(g.object)}</name>\n${g.rights.map(right).join('')}\t</object>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Rights xmlns="http://v8.1c.ru/8.2/roles" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Rights" version="${DUMP_FORMAT}">\n\t<setForNewObjects>false</setForNewObjects>\n\t<setForAttributesByDefault>true</setForAttributesByDefault>\n\t<independentRightsOfChildObjects>false</independentRightsOfChildObjects>\n${objects.join('')}</Rights>\n`;
}

/** A document or catalog adopted to extend its object module: name, belonging, the main configuration's uuid. */
export function adoptedObjectXml(cls: 'Document' | 'Catalog', name: string, extended: string, seed: string): string {
  return metaDataObject(
    `\t<${cls} uuid="${dumpUuid(seed)}">\n` +
      generatedTypes(cls, name, seed, 2) +
      `\t\t<Properties>\n\t\t\t<Name>${esc(name)}</Name>\n\t\t\t<Comment/>\n\t\t\t<ObjectBelonging>Adopted</ObjectBelonging>\n\t\t\t<ExtendedConfigurationObject>${extended}</ExtendedConfigurationObject>\n` +
      (cls === 'Document' ? '\t\t\t<RegisterRecords/>\n' : '') +
      `\t\t</Properties>\n\t\t<ChildObjects/>\n\t</${cls}>\n`,
  );
}

export function adoptedLanguageXml(name: string, code: string, extended: string, seed: string): string {
  return metaDataObject(
    `\t<Language uuid="${dumpUuid(seed)}">\n\t\t<InternalInfo/>\n\t\t<Properties>\n\t\t\t<Name>${esc(name)}</Name>\n\t\t\t<Comment/>\n\t\t\t<ObjectBelonging>Adopted</ObjectBelonging>\n\t\t\t<ExtendedConfigurationObject>${extended}</ExtendedConfigurationObject>\n\t\t\t<LanguageCode>${esc(code)}</LanguageCode>\n\t\t</Properties>\n\t</Language>\n`,
  );
}
