import type { KindDefinition } from '../../kinds/kind-definition.js';

/** Options of the 1C module generator (see ../README.md and the brief in the guide it writes). */
export interface BslNames {
  /** Документ of incoming goods; standard configurations say ПоступлениеТоваровУслуг, the original setup guide ПоступлениеТоваровИУслуг. */
  receipt: string;
  /** Документ of the outgoing invoice (рахунок покупцю). */
  invoice: string;
  /** Справочник of counterparties. */
  client: string;
  /** The server common module that holds all logic. */
  commonModule: string;
  /** The non-periodic information register used as the outbox. */
  queueRegister: string;
  /** The non-periodic information register holding the last event number given to each object. */
  numbersRegister: string;
  /** The scheduled job (регламентне завдання) that sends the outbox. */
  scheduledJob: string;
  /** Tabular section of goods in both documents. */
  goodsTable: string;
  /** Tabular section of services in both documents. */
  servicesTable: string;
  /** Document attribute that points to the counterparty. */
  counterparty: string;
  /** Counterparty attribute holding the ЄДРПОУ code. */
  edrpou: string;
  /** Counterparty attribute holding the tax id (ІПН / ИНН). */
  taxId: string;
}

export type BslAuth = { kind: 'secret'; secret: string /* whsec_<base64> */ } | { kind: 'token'; token: string } | { kind: 'none' };

export interface BslOptions {
  /** e.g. https://erp.example.com — scheme, host, port and an optional base path are taken from it. */
  url: string;
  /** The onec-sync source id this base posts as. */
  sourceId: string;
  auth: BslAuth;
  names?: Partial<BslNames>;
  /** HTTP timeout in seconds (1C development standard 748: always set one). Default 30. */
  timeoutSeconds?: number;
  /** Default true: the services tabular section is sent as positions too. */
  includeServices?: boolean;
  /** Default true: СтавкаНДС/СуммаНДС per position. */
  includeVat?: boolean;
  /**
   * The kinds the modules send, each serialised from its declaration (default: the shipped
   * declarations). The options above adjust the classic three kinds' 1C names.
   */
  kinds?: readonly KindDefinition[];
}

export interface GeneratedFile {
  /** Relative, always with forward slashes. */
  path: string;
  /** Text without BOM, lines end in \n; writeBslFolder decides the bytes on disk. */
  content: string;
}
