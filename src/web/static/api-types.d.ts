// Written by scripts/dashboard-api-types.ts from the read API's schemas (GET /openapi.json): do not edit.
// `node --import tsx scripts/dashboard-api-types.ts` rewrites it; test/dashboard-api-types.test.ts fails when it is stale.
// Types only, for `tsc -p tsconfig.web.json`; never served (.ts).

export type BankPaymentSummary = {
  id: string;
  kind: "bank-payment";
  sourceId: string;
  /** УникальныйИдентификатор, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) */
  sourceRef: string;
  deletionMark: boolean;
  deleted: boolean;
  version: number;
  eventNumber: string | null;
  dataVersion: string | null;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  createdAt: string;
  updatedAt: string;
  attributes: {
    /** Number (Строка(11)) */
    "Номер": string;
    /** Date (ДатаВремя); local time with the zone's offset, null for the empty date */
    "Дата": string | null;
    /** Counterparty (СправочникСсылка.Контрагенты) */
    "Контрагент": Reference | null;
    /** Total (Число(15,2)); exact decimal string */
    "СуммаДокумента": string | null;
    /** Payment purpose (Строка) */
    "НазначениеПлатежа": string;
    /** Posted (Булево) */
    "Проведен": boolean;
  };
};

export type BankReceiptSummary = {
  id: string;
  kind: "bank-receipt";
  sourceId: string;
  /** УникальныйИдентификатор, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) */
  sourceRef: string;
  deletionMark: boolean;
  deleted: boolean;
  version: number;
  eventNumber: string | null;
  dataVersion: string | null;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  createdAt: string;
  updatedAt: string;
  attributes: {
    /** Number (Строка(11)) */
    "Номер": string;
    /** Date (ДатаВремя); local time with the zone's offset, null for the empty date */
    "Дата": string | null;
    /** Counterparty (СправочникСсылка.Контрагенты) */
    "Контрагент": Reference | null;
    /** Total (Число(15,2)); exact decimal string */
    "СуммаДокумента": string | null;
    /** Payment purpose (Строка) */
    "НазначениеПлатежа": string;
    /** Posted (Булево) */
    "Проведен": boolean;
  };
};

export type Change = {
  /** The change id (the journal event that made it): stable, unique — dedup on it */
  id: string;
  /** Its position in commit order: pass as `after` to continue past it */
  cursor: string;
  /** The kind: incoming, outgoing, client, or a declared kind (GET /api/v1/kinds) */
  kind: string;
  action: "created" | "updated" | "deleted";
  objectType: "invoice" | "client" | "object";
  objectId: string;
  /** The object version this change made */
  version: number;
  sourceId: string;
  committedAt: string;
  /** The object as the read API presents it at this version; a delete carries the last state, with deleted=true */
  object: Invoice | Client | {
    id: string;
    kind: string;
    sourceId: string;
    /** УникальныйИдентификатор, when the sender sends it */
    uuid: string | null;
    /** Строка(Ссылка) */
    sourceRef: string;
    deletionMark: boolean;
    deleted: boolean;
    version: number;
    eventNumber: string | null;
    dataVersion: string | null;
    warnings: Array<{
      /** See docs/errors.md */
      code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
      message: string;
      field?: string;
    }>;
    createdAt: string;
    updatedAt: string;
    attributes: Record<string, unknown>;
    sections: Record<string, Record<string, unknown>[]>;
    extra?: Record<string, unknown>;
  };
};

export type Client = {
  id: string;
  sourceId: string;
  uuid: string | null;
  sourceRef: string;
  code: string | null;
  name: string;
  fullName: string | null;
  edrpou: string | null;
  taxId: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  comment: string | null;
  deletionMark: boolean;
  deleted: boolean;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type ContractSummary = {
  id: string;
  kind: "contract";
  sourceId: string;
  /** УникальныйИдентификатор, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) */
  sourceRef: string;
  deletionMark: boolean;
  deleted: boolean;
  version: number;
  eventNumber: string | null;
  dataVersion: string | null;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  createdAt: string;
  updatedAt: string;
  attributes: {
    /** Code (Строка(9)) */
    "Код": string;
    /** Name (Строка(150)) */
    "Наименование": string;
    /** Counterparty (СправочникСсылка.Контрагенты) */
    "Владелец": Reference | null;
    /** Number (Строка(50)) */
    "Номер": string;
    /** Date (Дата); local time with the zone's offset, null for the empty date */
    "Дата": string | null;
    /** Contract type (ПеречислениеСсылка.ВидыДоговоровКонтрагентов) */
    "ВидДоговора": Reference | null;
  };
};

export type Invoice = {
  id: string;
  kind: "incoming" | "outgoing";
  sourceId: string;
  /** The 1C object GUID, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) as 1C sent it */
  sourceRef: string;
  number: string;
  /** Document date with the 1C server zone offset, e.g. 2024-01-15T10:30:00+02:00 */
  date: string | null;
  /** Document date as 1C wrote it (local wall time) */
  localDate: string | null;
  counterparty: {
    name: string | null;
    /** ЄДРПОУ */
    edrpou: string | null;
    /** Код контрагента (outgoing invoices) */
    code: string | null;
    /** ІПН (outgoing invoices) */
    taxId: string | null;
  };
  /** СуммаДокумента; exact decimal string, e.g. "1234.56" */
  total: string | null;
  /** ISO 4217 numeric, e.g. "980" */
  currencyCode: string | null;
  /** ISO 4217 alphabetic, e.g. "UAH" */
  currency: string | null;
  posted: boolean;
  deletionMark: boolean;
  deleted: boolean;
  comment: string | null;
  paymentDue: string | null;
  positionCount: number;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  version: number;
  /** Last НомерСобытия applied */
  eventNumber: string | null;
  /** Last ВерсияДанных */
  dataVersion: string | null;
  createdAt: string;
  updatedAt: string;
  positions: Array<{
    line: number;
    name: string | null;
    code: string | null;
    /** Quantity; exact decimal string, e.g. "1234.56" */
    quantity: string | null;
    /** Price; exact decimal string, e.g. "1234.56" */
    price: string | null;
    /** Amount; exact decimal string, e.g. "1234.56" */
    amount: string | null;
    unit: string | null;
    vatRate: string | null;
    /** VAT amount; exact decimal string, e.g. "1234.56" */
    vatAmount: string | null;
    extra?: Record<string, unknown>;
  }>;
  extra?: Record<string, unknown>;
};

export type InvoiceSummary = {
  id: string;
  kind: "incoming" | "outgoing";
  sourceId: string;
  /** The 1C object GUID, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) as 1C sent it */
  sourceRef: string;
  number: string;
  /** Document date with the 1C server zone offset, e.g. 2024-01-15T10:30:00+02:00 */
  date: string | null;
  /** Document date as 1C wrote it (local wall time) */
  localDate: string | null;
  counterparty: {
    name: string | null;
    /** ЄДРПОУ */
    edrpou: string | null;
    /** Код контрагента (outgoing invoices) */
    code: string | null;
    /** ІПН (outgoing invoices) */
    taxId: string | null;
  };
  /** СуммаДокумента; exact decimal string, e.g. "1234.56" */
  total: string | null;
  /** ISO 4217 numeric, e.g. "980" */
  currencyCode: string | null;
  /** ISO 4217 alphabetic, e.g. "UAH" */
  currency: string | null;
  posted: boolean;
  deletionMark: boolean;
  deleted: boolean;
  comment: string | null;
  paymentDue: string | null;
  positionCount: number;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  version: number;
  /** Last НомерСобытия applied */
  eventNumber: string | null;
  /** Last ВерсияДанных */
  dataVersion: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ItemSummary = {
  id: string;
  kind: "item";
  sourceId: string;
  /** УникальныйИдентификатор, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) */
  sourceRef: string;
  deletionMark: boolean;
  deleted: boolean;
  version: number;
  eventNumber: string | null;
  dataVersion: string | null;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  createdAt: string;
  updatedAt: string;
  attributes: {
    /** Code (Строка(11)) */
    "Код": string;
    /** Name (Строка(100)) */
    "Наименование": string;
    /** SKU (Строка(25)) */
    "Артикул": string;
    /** Unit (СправочникСсылка.КлассификаторЕдиницИзмерения) */
    "ЕдиницаИзмерения": Reference | null;
    /** VAT rate (ПеречислениеСсылка.СтавкиНДС) */
    "СтавкаНДС": Reference | null;
  };
};

export type KindInfo = {
  kind: string;
  endpoint: string;
  webhookPath: string;
  /** The 1C metadata object: Документ.РеализацияТоваровУслуг */
  object: string;
  /** `objects`: read at /api/v1/objects/{kind}; `invoices`/`clients`: the classic kinds, at /api/v1/invoices and /api/v1/clients */
  store: string;
  /** The key of its counts in GET /api/v1/stats */
  countedAs: string;
  label: {
    uk: string;
    en: string;
  };
  attributes: {
    name: string;
    type: string;
    label: {
      uk: string;
      en: string;
    };
    /** The kind a reference points to */
    reference?: string;
  }[];
  sections: {
    name: string;
    label: {
      uk: string;
      en: string;
    };
    attributes: {
      name: string;
      type: string;
      label: {
        uk: string;
        en: string;
      };
      /** The kind a reference points to */
      reference?: string;
    }[];
  }[];
  list: string[];
  filter: string[];
  sort: string[];
  search: string[];
};

export type Reference = {
  /** Ссылка.УникальныйИдентификатор(); null for an enumeration value */
  uuid: string | null;
  /** An enumeration value: its name (XMLСтрока) */
  name?: string;
  /** Строка(Ссылка) as 1C wrote it */
  presentation: string;
  /** The referenced 1C object: Справочник.Контрагенты */
  type: string | null;
  /** The kind it is synced as, when that object is declared */
  kind?: string;
  /** The referenced object here (GET /api/v1/objects/{kind}/{id}); null until it arrives */
  id?: string | null;
};

export type SaleSummary = {
  id: string;
  kind: "sale";
  sourceId: string;
  /** УникальныйИдентификатор, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) */
  sourceRef: string;
  deletionMark: boolean;
  deleted: boolean;
  version: number;
  eventNumber: string | null;
  dataVersion: string | null;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  createdAt: string;
  updatedAt: string;
  attributes: {
    /** Number (Строка(11)) */
    "Номер": string;
    /** Date (ДатаВремя); local time with the zone's offset, null for the empty date */
    "Дата": string | null;
    /** Counterparty (СправочникСсылка.Контрагенты) */
    "Контрагент": Reference | null;
    /** Total (Число(15,2)); exact decimal string */
    "СуммаДокумента": string | null;
    /** Posted (Булево) */
    "Проведен": boolean;
  };
};

/** GET /api/v1/invoices 200 */
export type InvoicePage = {
  items: InvoiceSummary[];
  nextCursor: string | null;
  /** The search matched more rows than matchLimit: only that many were sorted, so this page may miss some. Refine the search. */
  truncated: boolean;
  /** Most matches a search sorts for one page */
  matchLimit: number;
};

/** GET /api/v1/invoices/{id} 200 */
export type Invoice = {
  id: string;
  kind: "incoming" | "outgoing";
  sourceId: string;
  /** The 1C object GUID, when the sender sends it */
  uuid: string | null;
  /** Строка(Ссылка) as 1C sent it */
  sourceRef: string;
  number: string;
  /** Document date with the 1C server zone offset, e.g. 2024-01-15T10:30:00+02:00 */
  date: string | null;
  /** Document date as 1C wrote it (local wall time) */
  localDate: string | null;
  counterparty: {
    name: string | null;
    /** ЄДРПОУ */
    edrpou: string | null;
    /** Код контрагента (outgoing invoices) */
    code: string | null;
    /** ІПН (outgoing invoices) */
    taxId: string | null;
  };
  /** СуммаДокумента; exact decimal string, e.g. "1234.56" */
  total: string | null;
  /** ISO 4217 numeric, e.g. "980" */
  currencyCode: string | null;
  /** ISO 4217 alphabetic, e.g. "UAH" */
  currency: string | null;
  posted: boolean;
  deletionMark: boolean;
  deleted: boolean;
  comment: string | null;
  paymentDue: string | null;
  positionCount: number;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  version: number;
  /** Last НомерСобытия applied */
  eventNumber: string | null;
  /** Last ВерсияДанных */
  dataVersion: string | null;
  createdAt: string;
  updatedAt: string;
  positions: Array<{
    line: number;
    name: string | null;
    code: string | null;
    /** Quantity; exact decimal string, e.g. "1234.56" */
    quantity: string | null;
    /** Price; exact decimal string, e.g. "1234.56" */
    price: string | null;
    /** Amount; exact decimal string, e.g. "1234.56" */
    amount: string | null;
    unit: string | null;
    vatRate: string | null;
    /** VAT amount; exact decimal string, e.g. "1234.56" */
    vatAmount: string | null;
    extra?: Record<string, unknown>;
  }>;
  extra?: Record<string, unknown>;
};

/** GET /api/v1/invoices/{id} 200, positions[] */
export type Position = {
  line: number;
  name: string | null;
  code: string | null;
  /** Quantity; exact decimal string, e.g. "1234.56" */
  quantity: string | null;
  /** Price; exact decimal string, e.g. "1234.56" */
  price: string | null;
  /** Amount; exact decimal string, e.g. "1234.56" */
  amount: string | null;
  unit: string | null;
  vatRate: string | null;
  /** VAT amount; exact decimal string, e.g. "1234.56" */
  vatAmount: string | null;
  extra?: Record<string, unknown>;
};

/** GET /api/v1/invoices/{id}/versions 200 */
export type VersionPage = {
  items: {
    version: number;
    eventId: string;
    createdAt: string;
    deleted: boolean;
    contentHash: string;
    /** The object as of this version */
    content: unknown;
    /** What changed since the previous version */
    changes: {
      field: string;
      from: unknown;
      to: unknown;
    }[];
  }[];
};

/** GET /api/v1/invoices/{id}/versions 200, items[] */
export type Version = {
  version: number;
  eventId: string;
  createdAt: string;
  deleted: boolean;
  contentHash: string;
  /** The object as of this version */
  content: unknown;
  /** What changed since the previous version */
  changes: {
    field: string;
    from: unknown;
    to: unknown;
  }[];
};

/** GET /api/v1/clients 200 */
export type ClientPage = {
  items: Client[];
  nextCursor: string | null;
  /** The search matched more rows than matchLimit: only that many were sorted, so this page may miss some. Refine the search. */
  truncated: boolean;
  /** Most matches a search sorts for one page */
  matchLimit: number;
};

/** GET /api/v1/clients/{id} 200 */
export type Client = {
  id: string;
  sourceId: string;
  uuid: string | null;
  sourceRef: string;
  code: string | null;
  name: string;
  fullName: string | null;
  edrpou: string | null;
  taxId: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  comment: string | null;
  deletionMark: boolean;
  deleted: boolean;
  warnings: Array<{
    /** See docs/errors.md */
    code: "SUM_MISMATCH" | "EDRPOU_INVALID" | "TAX_ID_INVALID" | "CURRENCY_UNKNOWN" | "DATE_INVALID";
    message: string;
    field?: string;
  }>;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** GET /api/v1/events 200 */
export type EventPage = {
  items: Array<{
    id: string;
    receivedAt: string;
    sourceId: string | null;
    endpoint: string;
    action: string | null;
    webhookId: string | null;
    status: "applied" | "unchanged" | "duplicate" | "stale" | "rejected";
    result: "created" | "updated" | "unchanged" | "deleted" | "stale" | "duplicate" | null;
    httpStatus: number;
    error: {
      code: string;
      message: string | null;
      path: string | null;
    } | null;
    objectType: string | null;
    objectId: string | null;
    objectVersion: number | null;
    bodySize: number;
    remoteAddr: string | null;
    replayOf: string | null;
    /** The event that replayed this one */
    replayedBy: string | null;
    /** The HTTP request that brought it: its X-Request-Id, and the reqId of its log lines */
    requestId: string | null;
    headers: Record<string, string>;
  }>;
  nextCursor: string | null;
};

/** GET /api/v1/events 200, items[] */
export type EventSummary = {
  id: string;
  receivedAt: string;
  sourceId: string | null;
  endpoint: string;
  action: string | null;
  webhookId: string | null;
  status: "applied" | "unchanged" | "duplicate" | "stale" | "rejected";
  result: "created" | "updated" | "unchanged" | "deleted" | "stale" | "duplicate" | null;
  httpStatus: number;
  error: {
    code: string;
    message: string | null;
    path: string | null;
  } | null;
  objectType: string | null;
  objectId: string | null;
  objectVersion: number | null;
  bodySize: number;
  remoteAddr: string | null;
  replayOf: string | null;
  /** The event that replayed this one */
  replayedBy: string | null;
  /** The HTTP request that brought it: its X-Request-Id, and the reqId of its log lines */
  requestId: string | null;
  headers: Record<string, string>;
};

/** GET /api/v1/events/{id} 200 */
export type EventDetail = {
  id: string;
  receivedAt: string;
  sourceId: string | null;
  endpoint: string;
  action: string | null;
  webhookId: string | null;
  status: "applied" | "unchanged" | "duplicate" | "stale" | "rejected";
  result: "created" | "updated" | "unchanged" | "deleted" | "stale" | "duplicate" | null;
  httpStatus: number;
  error: {
    code: string;
    message: string | null;
    path: string | null;
  } | null;
  objectType: string | null;
  objectId: string | null;
  objectVersion: number | null;
  bodySize: number;
  remoteAddr: string | null;
  replayOf: string | null;
  /** The event that replayed this one */
  replayedBy: string | null;
  /** The HTTP request that brought it: its X-Request-Id, and the reqId of its log lines */
  requestId: string | null;
  headers: Record<string, string>;
  /** The raw body as UTF-8 text, BOM removed; only its first bytes when bodyTruncated */
  body: string | null;
  /** The raw bytes exactly as received; only the first ones when bodyTruncated */
  bodyBase64: string | null;
  bodyHasBom: boolean;
  /** body and bodyBase64 hold only the first bytes of the request */
  bodyTruncated: boolean;
  /** What the journal kept: every byte, a prefix (a request from no known source), nothing (over the size limit), or nothing any more (pruned: an entry that changed nothing, older than the retention) */
  bodyStored: "full" | "prefix" | "none" | "pruned";
  /** When prune removed the body (bodyStored "pruned") */
  bodyPrunedAt: string | null;
  /** SHA-256 of the whole body, when only a prefix was kept */
  bodySha256: string | null;
  /** Where to download every byte (application/octet-stream), when they were kept */
  bodyUrl: string | null;
};

/** POST /api/v1/events/{id}/replay 200 */
export type ReplayResult = {
  eventId: string | null;
  httpStatus: number;
  body: unknown;
};

/** POST /api/v1/events/replay 200 */
export type ReplayBatch = {
  items: Array<{
    originalId: string;
    eventId: string | null;
    httpStatus: number;
    body: unknown;
  }>;
};

/** GET /api/v1/sources 200 */
export type SourceList = {
  items: Array<{
    id: string;
    name: string;
    status: "active" | "disabled";
    createdAt: string;
    lastContactAt: string | null;
    lastError: {
      at: string;
      code: string | null;
      message: string | null;
    } | null;
  }>;
};

/** GET /api/v1/sources 200, items[] */
export type Source = {
  id: string;
  name: string;
  status: "active" | "disabled";
  createdAt: string;
  lastContactAt: string | null;
  lastError: {
    at: string;
    code: string | null;
    message: string | null;
  } | null;
};

/** POST /api/v1/sources 201 */
export type Issued = {
  sourceId: string;
  /** whsec_… — shown once, never again */
  secret: string;
  /** Bearer token — shown once, never again */
  token: string;
};

/** POST /api/v1/sources/{id}/bsl 200 */
export type BslModules = {
  files: {
    path: string;
    content: string;
  }[];
  /** Only with rotate: shown once, never again */
  issued?: {
    sourceId: string;
    secret: string;
    token: string;
  };
};

/** GET /api/v1/stats 200 */
export type Stats = {
  /** The 1C zone the day and week are counted in */
  timezone: string;
  /** Local date, YYYY-MM-DD */
  today: string;
  /** Local date of this week's Monday */
  weekStart: string;
  /** Objects and applied changes per kind, from maintained counts */
  kinds: {
    /** incoming, outgoing, clients, or a declared kind */
    kind: string;
    endpoint: string;
    /** Applied changes (created, updated, deleted) since local midnight */
    today: number;
    /** Applied changes since this week's Monday */
    week: number;
    /** Objects stored and not deleted in 1C (marked for deletion included) */
    live: number;
    /** Objects deleted in 1C (kept, with their history) */
    deleted: number;
  }[];
  rejected: {
    total: number;
    /** Rejected in the last 7 days and not yet repaired by a replay */
    waiting: number;
  };
  hourly: {
    /** The last 24 UTC hours, oldest first, as ISO instants */
    hours: string[];
    sources: Array<{
      sourceId: string | null;
      counts: number[];
    }>;
  };
  feed: {
    /** Cursor of the last committed change */
    head: number;
    /** null when ONEC_SYNC_NATS_URL is not set */
    nats: {
      connected: boolean;
      cursor: number;
      /** Changes not yet published to JetStream */
      lag: number;
      lastError: string | null;
    } | null;
  };
};

/** GET /api/v1/subscriptions 200 */
export type SubscriptionList = {
  items: Array<{
    id: string;
    url: string;
    /** `onec-sync`: the change as the feed presents it, to the URL. `classic`: 1C's original body, byte for byte, to {url}/api/webhook/1c/invoices | outgoing-invoices | clients */
    format: "onec-sync" | "classic";
    /** Empty: every kind */
    kinds: string[];
    sourceId: string | null;
    description: string | null;
    status: "active" | "disabled";
    /** `auto`: disabled after failing for ONEC_SYNC_DELIVERY_DISABLE_AFTER; otherwise by an operator */
    disabledReason: string | null;
    concurrency: number;
    /** The feed cursor turned into deliveries so far */
    cursor: string | null;
    failingSince: string | null;
    lastSuccessAt: string | null;
    createdAt: string;
    deliveries: {
      pending: number;
      done: number;
      dead: number;
    };
  }>;
};

/** GET /api/v1/subscriptions/{id} 200 */
export type Subscription = {
  id: string;
  url: string;
  /** `onec-sync`: the change as the feed presents it, to the URL. `classic`: 1C's original body, byte for byte, to {url}/api/webhook/1c/invoices | outgoing-invoices | clients */
  format: "onec-sync" | "classic";
  /** Empty: every kind */
  kinds: string[];
  sourceId: string | null;
  description: string | null;
  status: "active" | "disabled";
  /** `auto`: disabled after failing for ONEC_SYNC_DELIVERY_DISABLE_AFTER; otherwise by an operator */
  disabledReason: string | null;
  concurrency: number;
  /** The feed cursor turned into deliveries so far */
  cursor: string | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  createdAt: string;
  deliveries: {
    pending: number;
    done: number;
    dead: number;
  };
};

/** GET /api/v1/subscriptions/{id} 200, deliveries */
export type DeliveryCounts = {
  pending: number;
  done: number;
  dead: number;
};

/** GET /api/v1/subscriptions/{id}/deliveries 200 */
export type DeliveryPage = {
  items: Array<{
    id: string;
    changeId: string;
    /** A kind: incoming, outgoing, client or a declared one (GET /api/v1/kinds) */
    kind: string;
    action: string;
    objectId: string;
    version: number;
    status: "pending" | "done" | "dead";
    attempts: number;
    nextAttemptAt: string | null;
    lastHttpStatus: number | null;
    lastError: string | null;
    createdAt: string;
    finishedAt: string | null;
    inFlight: boolean;
  }>;
};

/** GET /api/v1/subscriptions/{id}/deliveries 200, items[] */
export type Delivery = {
  id: string;
  changeId: string;
  /** A kind: incoming, outgoing, client or a declared one (GET /api/v1/kinds) */
  kind: string;
  action: string;
  objectId: string;
  version: number;
  status: "pending" | "done" | "dead";
  attempts: number;
  nextAttemptAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  inFlight: boolean;
};

/** GET /api/v1/subscriptions/{id}/attempts 200 */
export type AttemptPage = {
  items: Array<{
    id: string;
    deliveryId: string | null;
    attemptedAt: string;
    /** The replica that made the attempt (null: a test send) */
    worker: string | null;
    url: string;
    httpStatus: number | null;
    latencyMs: number;
    outcome: "ok" | "retry" | "dead" | "test";
    error: string | null;
    responseSnippet: string | null;
  }>;
};

/** GET /api/v1/subscriptions/{id}/attempts 200, items[] */
export type Attempt = {
  id: string;
  deliveryId: string | null;
  attemptedAt: string;
  /** The replica that made the attempt (null: a test send) */
  worker: string | null;
  url: string;
  httpStatus: number | null;
  latencyMs: number;
  outcome: "ok" | "retry" | "dead" | "test";
  error: string | null;
  responseSnippet: string | null;
};

/** POST /api/v1/subscriptions/{id}/test 200 */
export type TestSend = {
  ok: boolean;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  responseSnippet: string | null;
};

/** GET /api/v1/reconciliations 200, items[] */
export type Reconciliation = {
  id: string;
  sourceId: string;
  startedAt: string;
  finishedAt: string | null;
  /** running | ok | failed */
  status: string;
  /** The run wrote to the store (a repair or a load) */
  repair: boolean;
  /** report compares; repair also applies what differs; load writes every object read */
  mode: "report" | "repair" | "load";
  error: string | null;
  /** Counts per kind (missing, gone, deletion-mark, content, unreadable) and the first differing objects */
  report: {
    /** --since */
    since?: string | null;
    /** OData requests made */
    requests?: number;
    kinds: Array<{
      kind: string;
      /** Objects 1C listed (in the --since window) */
      inOneC: number;
      /** Stored objects with a GUID compared */
      inStore: number;
      /** Stored objects known only by their presentation: not comparable */
      withoutGuid: number;
      /** DataVersion differed, the content was equal */
      versionOnly: number;
      counts: {
        missing: number;
        gone: number;
        "deletion-mark": number;
        content: number;
        unreadable: number;
      };
      repaired: number;
      /** Left alone: a webhook changed the object after the run started */
      skippedNewer: number;
      /** The listing finished (an unfinished kind reports nothing as gone) */
      complete: boolean;
      /** The first differing objects */
      samples: Array<{
        /** Ref_Key */
        uuid: string | null;
        /** missing | gone | deletion-mark | content | unreadable */
        difference: string;
        detail?: string;
      }>;
    }>;
  };
};

/** GET /api/v1/reconciliations/{id} 200 */
export type ReconciliationDetail = {
  id: string;
  sourceId: string;
  startedAt: string;
  finishedAt: string | null;
  /** running | ok | failed */
  status: string;
  /** The run wrote to the store (a repair or a load) */
  repair: boolean;
  /** report compares; repair also applies what differs; load writes every object read */
  mode: "report" | "repair" | "load";
  error: string | null;
  /** Counts per kind (missing, gone, deletion-mark, content, unreadable) and the first differing objects */
  report: {
    /** --since */
    since?: string | null;
    /** OData requests made */
    requests?: number;
    kinds: Array<{
      kind: string;
      /** Objects 1C listed (in the --since window) */
      inOneC: number;
      /** Stored objects with a GUID compared */
      inStore: number;
      /** Stored objects known only by their presentation: not comparable */
      withoutGuid: number;
      /** DataVersion differed, the content was equal */
      versionOnly: number;
      counts: {
        missing: number;
        gone: number;
        "deletion-mark": number;
        content: number;
        unreadable: number;
      };
      repaired: number;
      /** Left alone: a webhook changed the object after the run started */
      skippedNewer: number;
      /** The listing finished (an unfinished kind reports nothing as gone) */
      complete: boolean;
      /** The first differing objects */
      samples: Array<{
        /** Ref_Key */
        uuid: string | null;
        /** missing | gone | deletion-mark | content | unreadable */
        difference: string;
        detail?: string;
      }>;
    }>;
  };
  /** The stored objects among the differing ones (one missing here is not stored) */
  objects: {
    kind: string;
    uuid: string;
    /** `objects`: /api/v1/objects/{kind}/{id}; `invoices`, `clients`: the classic kinds */
    store: string;
    id: string;
  }[];
};

/** GET /api/v1/reconciliations/{id} 200, report.kinds[] */
export type ReconciledKind = {
  kind: string;
  /** Objects 1C listed (in the --since window) */
  inOneC: number;
  /** Stored objects with a GUID compared */
  inStore: number;
  /** Stored objects known only by their presentation: not comparable */
  withoutGuid: number;
  /** DataVersion differed, the content was equal */
  versionOnly: number;
  counts: {
    missing: number;
    gone: number;
    "deletion-mark": number;
    content: number;
    unreadable: number;
  };
  repaired: number;
  /** Left alone: a webhook changed the object after the run started */
  skippedNewer: number;
  /** The listing finished (an unfinished kind reports nothing as gone) */
  complete: boolean;
  /** The first differing objects */
  samples: Array<{
    /** Ref_Key */
    uuid: string | null;
    /** missing | gone | deletion-mark | content | unreadable */
    difference: string;
    detail?: string;
  }>;
};
