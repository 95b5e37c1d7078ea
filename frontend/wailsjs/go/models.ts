export namespace blobs {
	
	export class Ref {
	    sha256: string;
	    name: string;
	    size: number;
	    content_type: string;
	
	    static createFrom(source: any = {}) {
	        return new Ref(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sha256 = source["sha256"];
	        this.name = source["name"];
	        this.size = source["size"];
	        this.content_type = source["content_type"];
	    }
	}

}

export namespace bulkinvite {
	
	export class Invite {
	    batch_id: string;
	    campaign_id: string;
	    influencer_ids: string[];
	    amount_cents: number;
	    tier_amounts?: Record<string, number>;
	    requirements: string;
	    deliverables?: domain.DeliverableTerm[];
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Invite(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.batch_id = source["batch_id"];
	        this.campaign_id = source["campaign_id"];
	        this.influencer_ids = source["influencer_ids"];
	        this.amount_cents = source["amount_cents"];
	        this.tier_amounts = source["tier_amounts"];
	        this.requirements = source["requirements"];
	        this.deliverables = this.convertValues(source["deliverables"], domain.DeliverableTerm);
	        this.message = source["message"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Row {
	    influencer_id: string;
	    name: string;
	    tier: string;
	    platform: string;
	    amount: number;
	    message: string;
	    request_id: string;
	    already_sent: boolean;
	    refusal?: domain.Error;
	
	    static createFrom(source: any = {}) {
	        return new Row(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.name = source["name"];
	        this.tier = source["tier"];
	        this.platform = source["platform"];
	        this.amount = source["amount"];
	        this.message = source["message"];
	        this.request_id = source["request_id"];
	        this.already_sent = source["already_sent"];
	        this.refusal = this.convertValues(source["refusal"], domain.Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Plan {
	    batch_id: string;
	    campaign_id: string;
	    campaign: string;
	    rows: Row[];
	    would_send: number;
	    refused: number;
	    already: number;
	    total: number;
	    remaining: number;
	
	    static createFrom(source: any = {}) {
	        return new Plan(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.batch_id = source["batch_id"];
	        this.campaign_id = source["campaign_id"];
	        this.campaign = source["campaign"];
	        this.rows = this.convertValues(source["rows"], Row);
	        this.would_send = source["would_send"];
	        this.refused = source["refused"];
	        this.already = source["already"];
	        this.total = source["total"];
	        this.remaining = source["remaining"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace client {
	
	export class WalletEntry {
	    transaction_id: string;
	    kind: string;
	    ad_request_id?: string;
	    memo: string;
	    reverses?: string;
	    created_at: string;
	    account_kind: string;
	    amount: number;
	    balance: number;
	
	    static createFrom(source: any = {}) {
	        return new WalletEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.transaction_id = source["transaction_id"];
	        this.kind = source["kind"];
	        this.ad_request_id = source["ad_request_id"];
	        this.memo = source["memo"];
	        this.reverses = source["reverses"];
	        this.created_at = source["created_at"];
	        this.account_kind = source["account_kind"];
	        this.amount = source["amount"];
	        this.balance = source["balance"];
	    }
	}
	export class AdminLedger {
	    commission_bps: number;
	    totals: Record<string, number>;
	    entries: WalletEntry[];
	
	    static createFrom(source: any = {}) {
	        return new AdminLedger(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.commission_bps = source["commission_bps"];
	        this.totals = source["totals"];
	        this.entries = this.convertValues(source["entries"], WalletEntry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Charge {
	    id: string;
	    status: string;
	    amount: number;
	    currency: string;
	    brand: string;
	    last4: string;
	
	    static createFrom(source: any = {}) {
	        return new Charge(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.status = source["status"];
	        this.amount = source["amount"];
	        this.currency = source["currency"];
	        this.brand = source["brand"];
	        this.last4 = source["last4"];
	    }
	}
	export class PayoutFailure {
	    code: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new PayoutFailure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.reason = source["reason"];
	    }
	}
	export class Payout {
	    id: string;
	    status: string;
	    amount: number;
	    currency: string;
	    kind: string;
	    country: string;
	    last4: string;
	    transaction_id?: string;
	    created_at: string;
	    failure?: PayoutFailure;
	
	    static createFrom(source: any = {}) {
	        return new Payout(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.status = source["status"];
	        this.amount = source["amount"];
	        this.currency = source["currency"];
	        this.kind = source["kind"];
	        this.country = source["country"];
	        this.last4 = source["last4"];
	        this.transaction_id = source["transaction_id"];
	        this.created_at = source["created_at"];
	        this.failure = this.convertValues(source["failure"], PayoutFailure);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PayoutAccount {
	    kind: string;
	    country: string;
	    holder: string;
	    last4: string;
	    updated_at: string;
	
	    static createFrom(source: any = {}) {
	        return new PayoutAccount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.country = source["country"];
	        this.holder = source["holder"];
	        this.last4 = source["last4"];
	        this.updated_at = source["updated_at"];
	    }
	}
	
	export class Queued {
	    mutation_id: number;
	    change_id: string;
	
	    static createFrom(source: any = {}) {
	        return new Queued(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mutation_id = source["mutation_id"];
	        this.change_id = source["change_id"];
	    }
	}
	export class Status {
	    state: string;
	    pending: number;
	    rejected: number;
	    // Go type: time
	    last_synced?: any;
	    last_error: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.pending = source["pending"];
	        this.rejected = source["rejected"];
	        this.last_synced = this.convertValues(source["last_synced"], null);
	        this.last_error = source["last_error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Wallet {
	    account: string;
	    balance: number;
	    entries: WalletEntry[];
	    pending: number;
	    available: number;
	    paid: number;
	
	    static createFrom(source: any = {}) {
	        return new Wallet(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = source["account"];
	        this.balance = source["balance"];
	        this.entries = this.convertValues(source["entries"], WalletEntry);
	        this.pending = source["pending"];
	        this.available = source["available"];
	        this.paid = source["paid"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace desktop {
	
	export class About {
	    version: string;
	    protocol: number;
	    schema: number;
	    go: string;
	    platform: string;
	
	    static createFrom(source: any = {}) {
	        return new About(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.protocol = source["protocol"];
	        this.schema = source["schema"];
	        this.go = source["go"];
	        this.platform = source["platform"];
	    }
	}
	export class AccountResult {
	    account?: client.PayoutAccount;
	    fields: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new AccountResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = this.convertValues(source["account"], client.PayoutAccount);
	        this.fields = source["fields"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AttachmentContent {
	    sha256: string;
	    content_type: string;
	    data: string;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentContent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sha256 = source["sha256"];
	        this.content_type = source["content_type"];
	        this.data = source["data"];
	    }
	}
	export class AttachmentInput {
	    name: string;
	    data: string;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.data = source["data"];
	    }
	}
	export class AttachmentLimits {
	    max_bytes: number;
	    max_attachments: number;
	    content_types: string[];
	    image_types: string[];
	
	    static createFrom(source: any = {}) {
	        return new AttachmentLimits(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.max_bytes = source["max_bytes"];
	        this.max_attachments = source["max_attachments"];
	        this.content_types = source["content_types"];
	        this.image_types = source["image_types"];
	    }
	}
	export class AudienceImportReport {
	    dimensions: string[];
	    buckets: number;
	    refused: postimport.Refused[];
	
	    static createFrom(source: any = {}) {
	        return new AudienceImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dimensions = source["dimensions"];
	        this.buckets = source["buckets"];
	        this.refused = this.convertValues(source["refused"], postimport.Refused);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackgroundSettings {
	    start_at_login: boolean;
	    autostart_path: string;
	    available: boolean;
	    hide_on_close: boolean;
	    started_hidden: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackgroundSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start_at_login = source["start_at_login"];
	        this.autostart_path = source["autostart_path"];
	        this.available = source["available"];
	        this.hide_on_close = source["hide_on_close"];
	        this.started_hidden = source["started_hidden"];
	    }
	}
	export class BulkInviteRow {
	    influencer_id: string;
	    name: string;
	    tier: string;
	    platform: string;
	    amount: number;
	    message: string;
	    request_id: string;
	    already_sent: boolean;
	    refusal?: domain.Error;
	    state: string;
	    code?: string;
	    reason?: string;
	    later?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BulkInviteRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.name = source["name"];
	        this.tier = source["tier"];
	        this.platform = source["platform"];
	        this.amount = source["amount"];
	        this.message = source["message"];
	        this.request_id = source["request_id"];
	        this.already_sent = source["already_sent"];
	        this.refusal = this.convertValues(source["refusal"], domain.Error);
	        this.state = source["state"];
	        this.code = source["code"];
	        this.reason = source["reason"];
	        this.later = source["later"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BulkInviteResult {
	    batch_id: string;
	    campaign: string;
	    rows: BulkInviteRow[];
	    sent: number;
	    queued: number;
	    refused: number;
	    unsent: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new BulkInviteResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.batch_id = source["batch_id"];
	        this.campaign = source["campaign"];
	        this.rows = this.convertValues(source["rows"], BulkInviteRow);
	        this.sent = source["sent"];
	        this.queued = source["queued"];
	        this.refused = source["refused"];
	        this.unsent = source["unsent"];
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Earnings {
	    wallet: client.Wallet;
	    account?: client.PayoutAccount;
	    payouts: client.Payout[];
	
	    static createFrom(source: any = {}) {
	        return new Earnings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.wallet = this.convertValues(source["wallet"], client.Wallet);
	        this.account = this.convertValues(source["account"], client.PayoutAccount);
	        this.payouts = this.convertValues(source["payouts"], client.Payout);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ExportStarted {
	    id: string;
	    kind: string;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new ExportStarted(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.path = source["path"];
	    }
	}
	export class ImportReport {
	    shape: string;
	    counts: postimport.Counts;
	    refused: postimport.Refused[];
	    new: number;
	    updated: number;
	    unchanged: number;
	    deleted: number;
	    batches: number;
	    nothing_new: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shape = source["shape"];
	        this.counts = this.convertValues(source["counts"], postimport.Counts);
	        this.refused = this.convertValues(source["refused"], postimport.Refused);
	        this.new = source["new"];
	        this.updated = source["updated"];
	        this.unchanged = source["unchanged"];
	        this.deleted = source["deleted"];
	        this.batches = source["batches"];
	        this.nothing_new = source["nothing_new"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Limits {
	    input: mutate.Limits;
	    default_page_size: number;
	    max_page_size: number;
	    search_max_page_size: number;
	    platforms: string[];
	    content_types: string[];
	
	    static createFrom(source: any = {}) {
	        return new Limits(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.input = this.convertValues(source["input"], mutate.Limits);
	        this.default_page_size = source["default_page_size"];
	        this.max_page_size = source["max_page_size"];
	        this.search_max_page_size = source["search_max_page_size"];
	        this.platforms = source["platforms"];
	        this.content_types = source["content_types"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MediaKitLimits {
	    max_headline: number;
	
	    static createFrom(source: any = {}) {
	        return new MediaKitLimits(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.max_headline = source["max_headline"];
	    }
	}
	export class MediaKitView {
	    kit: domain.MediaKit;
	    preview: report.MediaKit;
	    limits: MediaKitLimits;
	
	    static createFrom(source: any = {}) {
	        return new MediaKitView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kit = this.convertValues(source["kit"], domain.MediaKit);
	        this.preview = this.convertValues(source["preview"], report.MediaKit);
	        this.limits = this.convertValues(source["limits"], MediaKitLimits);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ModelInfo {
	    present: boolean;
	    model_version: number;
	    // Go type: time
	    trained_at?: any;
	    rows: number;
	    er: protocol.AnalyticsComparison;
	    views: protocol.AnalyticsComparison;
	
	    static createFrom(source: any = {}) {
	        return new ModelInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.present = source["present"];
	        this.model_version = source["model_version"];
	        this.trained_at = this.convertValues(source["trained_at"], null);
	        this.rows = source["rows"];
	        this.er = this.convertValues(source["er"], protocol.AnalyticsComparison);
	        this.views = this.convertValues(source["views"], protocol.AnalyticsComparison);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OpenItem {
	    ref_table?: string;
	    ref_id?: string;
	    route?: string;
	    notice?: string;
	
	    static createFrom(source: any = {}) {
	        return new OpenItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ref_table = source["ref_table"];
	        this.ref_id = source["ref_id"];
	        this.route = source["route"];
	        this.notice = source["notice"];
	    }
	}
	export class PayoutAccountInput {
	    kind: string;
	    holder: string;
	    iban: string;
	    routing_number: string;
	    account_number: string;
	
	    static createFrom(source: any = {}) {
	        return new PayoutAccountInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.holder = source["holder"];
	        this.iban = source["iban"];
	        this.routing_number = source["routing_number"];
	        this.account_number = source["account_number"];
	    }
	}
	export class PayoutInput {
	    amount: number;
	    idempotency_key: string;
	
	    static createFrom(source: any = {}) {
	        return new PayoutInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.amount = source["amount"];
	        this.idempotency_key = source["idempotency_key"];
	    }
	}
	export class RegisterResult {
	    account_id: string;
	    email: string;
	    name: string;
	    role: string;
	    approval: string;
	    pending_approval: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RegisterResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account_id = source["account_id"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.approval = source["approval"];
	        this.pending_approval = source["pending_approval"];
	    }
	}
	export class Registration {
	    company_name: string;
	    industry: string;
	    budget: number;
	    display_name: string;
	    category: string;
	    niche: string;
	    bio: string;
	
	    static createFrom(source: any = {}) {
	        return new Registration(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.company_name = source["company_name"];
	        this.industry = source["industry"];
	        this.budget = source["budget"];
	        this.display_name = source["display_name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.bio = source["bio"];
	    }
	}
	export class ReportFile {
	    month: string;
	    name: string;
	    html_path: string;
	    pdf_path: string;
	    pdf_size: number;
	    // Go type: time
	    created_at: any;
	
	    static createFrom(source: any = {}) {
	        return new ReportFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.month = source["month"];
	        this.name = source["name"];
	        this.html_path = source["html_path"];
	        this.pdf_path = source["pdf_path"];
	        this.pdf_size = source["pdf_size"];
	        this.created_at = this.convertValues(source["created_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SavedFile {
	    path: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new SavedFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.size = source["size"];
	    }
	}
	export class ServerSettings {
	    server_url: string;
	    overridden: boolean;
	    stored_url: string;
	    default_url: string;
	
	    static createFrom(source: any = {}) {
	        return new ServerSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.server_url = source["server_url"];
	        this.overridden = source["overridden"];
	        this.stored_url = source["stored_url"];
	        this.default_url = source["default_url"];
	    }
	}
	export class SessionInfo {
	    account_id: string;
	    email: string;
	    name: string;
	    role: string;
	    approval: string;
	    offline: boolean;
	    org_id: string;
	    company: string;
	    org_role: string;
	
	    static createFrom(source: any = {}) {
	        return new SessionInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account_id = source["account_id"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.approval = source["approval"];
	        this.offline = source["offline"];
	        this.org_id = source["org_id"];
	        this.company = source["company"];
	        this.org_role = source["org_role"];
	    }
	}
	export class TopUpInput {
	    amount: number;
	    card_number: string;
	    expiry: string;
	    cvc: string;
	    name: string;
	    idempotency_key: string;
	
	    static createFrom(source: any = {}) {
	        return new TopUpInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.amount = source["amount"];
	        this.card_number = source["card_number"];
	        this.expiry = source["expiry"];
	        this.cvc = source["cvc"];
	        this.name = source["name"];
	        this.idempotency_key = source["idempotency_key"];
	    }
	}

}

export namespace domain {
	
	export class AudienceShare {
	    id: string;
	    influencer_id: string;
	    dimension: string;
	    bucket: string;
	    share_bps: number;
	    // Go type: time
	    updated_at: any;
	    version: number;
	
	    static createFrom(source: any = {}) {
	        return new AudienceShare(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.influencer_id = source["influencer_id"];
	        this.dimension = source["dimension"];
	        this.bucket = source["bucket"];
	        this.share_bps = source["share_bps"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.version = source["version"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeliverableMetrics {
	    id: string;
	    deliverable_id: string;
	    checkpoint: string;
	    views: number;
	    reach: number;
	    likes: number;
	    comments: number;
	    shares: number;
	    saves: number;
	    // Go type: time
	    reported_at: any;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    updated_at: any;
	    version: number;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableMetrics(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.deliverable_id = source["deliverable_id"];
	        this.checkpoint = source["checkpoint"];
	        this.views = source["views"];
	        this.reach = source["reach"];
	        this.likes = source["likes"];
	        this.comments = source["comments"];
	        this.shares = source["shares"];
	        this.saves = source["saves"];
	        this.reported_at = this.convertValues(source["reported_at"], null);
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.version = source["version"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeliverableTerm {
	    platform: string;
	    content_type: string;
	    quantity: number;
	    due_date: string;
	    brief: string;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableTerm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.quantity = source["quantity"];
	        this.due_date = source["due_date"];
	        this.brief = source["brief"];
	    }
	}
	export class Error {
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Error(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}
	export class MediaKit {
	    influencer_id: string;
	    show_audience: boolean;
	    show_history: boolean;
	    headline: string;
	    // Go type: time
	    updated_at: any;
	    version: number;
	
	    static createFrom(source: any = {}) {
	        return new MediaKit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.show_audience = source["show_audience"];
	        this.show_history = source["show_history"];
	        this.headline = source["headline"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.version = source["version"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace jobs {
	
	export class ChannelState {
	    name: string;
	    ready: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChannelState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.ready = source["ready"];
	    }
	}
	export class Delivery {
	    channel: string;
	    status: string;
	    attempts: number;
	    last_error: string;
	    // Go type: time
	    next_attempt_at?: any;
	    // Go type: time
	    sent_at?: any;
	
	    static createFrom(source: any = {}) {
	        return new Delivery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.channel = source["channel"];
	        this.status = source["status"];
	        this.attempts = source["attempts"];
	        this.last_error = source["last_error"];
	        this.next_attempt_at = this.convertValues(source["next_attempt_at"], null);
	        this.sent_at = this.convertValues(source["sent_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EmailSettings {
	    enabled: boolean;
	    host: string;
	    port: number;
	    security: string;
	    username: string;
	    from: string;
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new EmailSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.host = source["host"];
	        this.port = source["port"];
	        this.security = source["security"];
	        this.username = source["username"];
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}
	export class DeliveryInput {
	    email: EmailSettings;
	    smtp_password?: string;
	    webhook_url?: string;
	
	    static createFrom(source: any = {}) {
	        return new DeliveryInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = this.convertValues(source["email"], EmailSettings);
	        this.smtp_password = source["smtp_password"];
	        this.webhook_url = source["webhook_url"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeliverySettings {
	    native_available: boolean;
	    webhook_set: boolean;
	    email: EmailSettings;
	    smtp_password_set: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DeliverySettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.native_available = source["native_available"];
	        this.webhook_set = source["webhook_set"];
	        this.email = this.convertValues(source["email"], EmailSettings);
	        this.smtp_password_set = source["smtp_password_set"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Run {
	    id: number;
	    job: string;
	    period: string;
	    trigger: string;
	    // Go type: time
	    started_at: any;
	    // Go type: time
	    finished_at?: any;
	    status: string;
	    summary: string;
	    files: string[];
	    result: string;
	    deliveries: Delivery[];
	
	    static createFrom(source: any = {}) {
	        return new Run(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.job = source["job"];
	        this.period = source["period"];
	        this.trigger = source["trigger"];
	        this.started_at = this.convertValues(source["started_at"], null);
	        this.finished_at = this.convertValues(source["finished_at"], null);
	        this.status = source["status"];
	        this.summary = source["summary"];
	        this.files = source["files"];
	        this.result = source["result"];
	        this.deliveries = this.convertValues(source["deliveries"], Delivery);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JobInfo {
	    name: string;
	    schedule: string;
	    default_schedule: string;
	    enabled: boolean;
	    running: boolean;
	    // Go type: time
	    next_run?: any;
	    last_run?: Run;
	
	    static createFrom(source: any = {}) {
	        return new JobInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.schedule = source["schedule"];
	        this.default_schedule = source["default_schedule"];
	        this.enabled = source["enabled"];
	        this.running = source["running"];
	        this.next_run = this.convertValues(source["next_run"], null);
	        this.last_run = this.convertValues(source["last_run"], Run);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PrefChange {
	    event: string;
	    channel: string;
	    on: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PrefChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.event = source["event"];
	        this.channel = source["channel"];
	        this.on = source["on"];
	    }
	}
	export class PrefEvent {
	    kind: string;
	    on: Record<string, boolean>;
	    defaults: Record<string, boolean>;
	
	    static createFrom(source: any = {}) {
	        return new PrefEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.on = source["on"];
	        this.defaults = source["defaults"];
	    }
	}
	export class PrefGroup {
	    id: string;
	    events: PrefEvent[];
	
	    static createFrom(source: any = {}) {
	        return new PrefGroup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.events = this.convertValues(source["events"], PrefEvent);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PrefsView {
	    channels: ChannelState[];
	    groups: PrefGroup[];
	
	    static createFrom(source: any = {}) {
	        return new PrefsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.channels = this.convertValues(source["channels"], ChannelState);
	        this.groups = this.convertValues(source["groups"], PrefGroup);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace ledger {
	
	export class Document {
	    id: string;
	    label: string;
	    issuer: string;
	    series: string;
	    number: number;
	    kind: string;
	    transaction_id: string;
	    transaction_kind: string;
	    ad_request_id?: string;
	    memo: string;
	    recipient_id: string;
	    created_at: string;
	    gross: number;
	    commission: number;
	    net: number;
	    refunded: number;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.label = source["label"];
	        this.issuer = source["issuer"];
	        this.series = source["series"];
	        this.number = source["number"];
	        this.kind = source["kind"];
	        this.transaction_id = source["transaction_id"];
	        this.transaction_kind = source["transaction_kind"];
	        this.ad_request_id = source["ad_request_id"];
	        this.memo = source["memo"];
	        this.recipient_id = source["recipient_id"];
	        this.created_at = source["created_at"];
	        this.gross = source["gross"];
	        this.commission = source["commission"];
	        this.net = source["net"];
	        this.refunded = source["refunded"];
	    }
	}

}

export namespace localdata {
	
	export class KnownAccount {
	    id: string;
	    email: string;
	    name: string;
	    role: string;
	    // Go type: time
	    last_signed_in?: any;
	
	    static createFrom(source: any = {}) {
	        return new KnownAccount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.last_signed_in = this.convertValues(source["last_signed_in"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace mutate {
	
	export class AdRequestAccept {
	    ad_request_id: string;
	    offer_id: string;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestAccept(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.offer_id = source["offer_id"];
	    }
	}
	export class AdRequestApply {
	    id: string;
	    offer_id: string;
	    campaign_id: string;
	    amount: number;
	    requirements: string;
	    message: string;
	    deliverables?: domain.DeliverableTerm[];
	
	    static createFrom(source: any = {}) {
	        return new AdRequestApply(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.offer_id = source["offer_id"];
	        this.campaign_id = source["campaign_id"];
	        this.amount = source["amount"];
	        this.requirements = source["requirements"];
	        this.message = source["message"];
	        this.deliverables = this.convertValues(source["deliverables"], domain.DeliverableTerm);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdRequestComplete {
	    ad_request_id: string;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestComplete(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	    }
	}
	export class AdRequestCounter {
	    ad_request_id: string;
	    offer_id: string;
	    in_reply_to: string;
	    amount: number;
	    requirements: string;
	    message: string;
	    deliverables?: domain.DeliverableTerm[];
	
	    static createFrom(source: any = {}) {
	        return new AdRequestCounter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.offer_id = source["offer_id"];
	        this.in_reply_to = source["in_reply_to"];
	        this.amount = source["amount"];
	        this.requirements = source["requirements"];
	        this.message = source["message"];
	        this.deliverables = this.convertValues(source["deliverables"], domain.DeliverableTerm);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdRequestMessage {
	    id: string;
	    ad_request_id: string;
	    body: string;
	    attachments?: blobs.Ref[];
	
	    static createFrom(source: any = {}) {
	        return new AdRequestMessage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ad_request_id = source["ad_request_id"];
	        this.body = source["body"];
	        this.attachments = this.convertValues(source["attachments"], blobs.Ref);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdRequestReject {
	    ad_request_id: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestReject(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.reason = source["reason"];
	    }
	}
	export class AdRequestSend {
	    id: string;
	    offer_id: string;
	    campaign_id: string;
	    influencer_id: string;
	    amount: number;
	    requirements: string;
	    message: string;
	    deliverables?: domain.DeliverableTerm[];
	
	    static createFrom(source: any = {}) {
	        return new AdRequestSend(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.offer_id = source["offer_id"];
	        this.campaign_id = source["campaign_id"];
	        this.influencer_id = source["influencer_id"];
	        this.amount = source["amount"];
	        this.requirements = source["requirements"];
	        this.message = source["message"];
	        this.deliverables = this.convertValues(source["deliverables"], domain.DeliverableTerm);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdRequestWithdraw {
	    ad_request_id: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestWithdraw(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.reason = source["reason"];
	    }
	}
	export class AudienceBucket {
	    bucket: string;
	    share_bps: number;
	
	    static createFrom(source: any = {}) {
	        return new AudienceBucket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.bucket = source["bucket"];
	        this.share_bps = source["share_bps"];
	    }
	}
	export class AudienceSet {
	    dimension: string;
	    buckets: AudienceBucket[];
	
	    static createFrom(source: any = {}) {
	        return new AudienceSet(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dimension = source["dimension"];
	        this.buckets = this.convertValues(source["buckets"], AudienceBucket);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CampaignCreate {
	    id: string;
	    name: string;
	    description: string;
	    category: string;
	    niche: string;
	    start_date: string;
	    end_date: string;
	    budget: number;
	    visibility: string;
	    goals: string;
	    landing_url: string;
	    target_countries: string;
	    target_ages: string;
	    target_platforms: string;
	    publish: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CampaignCreate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	        this.budget = source["budget"];
	        this.visibility = source["visibility"];
	        this.goals = source["goals"];
	        this.landing_url = source["landing_url"];
	        this.target_countries = source["target_countries"];
	        this.target_ages = source["target_ages"];
	        this.target_platforms = source["target_platforms"];
	        this.publish = source["publish"];
	    }
	}
	export class CampaignUpdate {
	    id: string;
	    name?: string;
	    description?: string;
	    category?: string;
	    niche?: string;
	    start_date?: string;
	    end_date?: string;
	    budget?: number;
	    goals?: string;
	    landing_url?: string;
	    target_countries?: string;
	    target_ages?: string;
	    target_platforms?: string;
	
	    static createFrom(source: any = {}) {
	        return new CampaignUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	        this.budget = source["budget"];
	        this.goals = source["goals"];
	        this.landing_url = source["landing_url"];
	        this.target_countries = source["target_countries"];
	        this.target_ages = source["target_ages"];
	        this.target_platforms = source["target_platforms"];
	    }
	}
	export class DeliverableAcceptProof {
	    deliverable_id: string;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableAcceptProof(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	    }
	}
	export class DeliverableApproveDraft {
	    deliverable_id: string;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableApproveDraft(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	    }
	}
	export class DeliverableDispute {
	    deliverable_id: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableDispute(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.reason = source["reason"];
	    }
	}
	export class DeliverableReportMetrics {
	    deliverable_id: string;
	    checkpoint: string;
	    views: number;
	    reach: number;
	    likes: number;
	    comments: number;
	    shares: number;
	    saves: number;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableReportMetrics(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.checkpoint = source["checkpoint"];
	        this.views = source["views"];
	        this.reach = source["reach"];
	        this.likes = source["likes"];
	        this.comments = source["comments"];
	        this.shares = source["shares"];
	        this.saves = source["saves"];
	    }
	}
	export class DeliverableRequestChanges {
	    deliverable_id: string;
	    comment: string;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableRequestChanges(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.comment = source["comment"];
	    }
	}
	export class DeliverableSubmitDraft {
	    deliverable_id: string;
	    draft_text: string;
	    draft_links: string[];
	    attachments?: blobs.Ref[];
	
	    static createFrom(source: any = {}) {
	        return new DeliverableSubmitDraft(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.draft_text = source["draft_text"];
	        this.draft_links = source["draft_links"];
	        this.attachments = this.convertValues(source["attachments"], blobs.Ref);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeliverableSubmitProof {
	    deliverable_id: string;
	    proof_url: string;
	    // Go type: time
	    posted_at: any;
	    screenshot?: blobs.Ref;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableSubmitProof(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.proof_url = source["proof_url"];
	        this.posted_at = this.convertValues(source["posted_at"], null);
	        this.screenshot = this.convertValues(source["screenshot"], blobs.Ref);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DisputeResolve {
	    ad_request_id: string;
	    outcome: string;
	    release_cents: number;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new DisputeResolve(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.outcome = source["outcome"];
	        this.release_cents = source["release_cents"];
	        this.note = source["note"];
	    }
	}
	export class Limits {
	    max_amount: number;
	    max_reach: number;
	    name_len: number;
	    short_len: number;
	    long_len: number;
	    text_len: number;
	    reason_len: number;
	    min_date_year: number;
	    max_date_year: number;
	    min_rating: number;
	    max_rating: number;
	    max_deliverables: number;
	    max_quantity: number;
	    draft_len: number;
	    max_draft_links: number;
	    url_len: number;
	    auto_accept_days: number;
	
	    static createFrom(source: any = {}) {
	        return new Limits(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.max_amount = source["max_amount"];
	        this.max_reach = source["max_reach"];
	        this.name_len = source["name_len"];
	        this.short_len = source["short_len"];
	        this.long_len = source["long_len"];
	        this.text_len = source["text_len"];
	        this.reason_len = source["reason_len"];
	        this.min_date_year = source["min_date_year"];
	        this.max_date_year = source["max_date_year"];
	        this.min_rating = source["min_rating"];
	        this.max_rating = source["max_rating"];
	        this.max_deliverables = source["max_deliverables"];
	        this.max_quantity = source["max_quantity"];
	        this.draft_len = source["draft_len"];
	        this.max_draft_links = source["max_draft_links"];
	        this.url_len = source["url_len"];
	        this.auto_accept_days = source["auto_accept_days"];
	    }
	}
	export class MediaKitUpdate {
	    show_audience?: boolean;
	    show_history?: boolean;
	    headline?: string;
	
	    static createFrom(source: any = {}) {
	        return new MediaKitUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.show_audience = source["show_audience"];
	        this.show_history = source["show_history"];
	        this.headline = source["headline"];
	    }
	}
	export class PostFields {
	    platform: string;
	    content_type: string;
	    external_id: string;
	    // Go type: time
	    posted_at: any;
	    followers: number;
	    views: number;
	    reach: number;
	    likes: number;
	    comments: number;
	    shares: number;
	    saves: number;
	    sponsored: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PostFields(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.external_id = source["external_id"];
	        this.posted_at = this.convertValues(source["posted_at"], null);
	        this.followers = source["followers"];
	        this.views = source["views"];
	        this.reach = source["reach"];
	        this.likes = source["likes"];
	        this.comments = source["comments"];
	        this.shares = source["shares"];
	        this.saves = source["saves"];
	        this.sponsored = source["sponsored"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PostRecord {
	    id: string;
	    post: PostFields;
	
	    static createFrom(source: any = {}) {
	        return new PostRecord(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.post = this.convertValues(source["post"], PostFields);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Reach {
	    instagram?: number;
	    youtube?: number;
	    tiktok?: number;
	    x?: number;
	    other?: number;
	
	    static createFrom(source: any = {}) {
	        return new Reach(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.instagram = source["instagram"];
	        this.youtube = source["youtube"];
	        this.tiktok = source["tiktok"];
	        this.x = source["x"];
	        this.other = source["other"];
	    }
	}
	export class ProfileUpdate {
	    name?: string;
	    company_name?: string;
	    industry?: string;
	    budget?: number;
	    display_name?: string;
	    category?: string;
	    niche?: string;
	    reach?: Reach;
	    bio?: string;
	
	    static createFrom(source: any = {}) {
	        return new ProfileUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.company_name = source["company_name"];
	        this.industry = source["industry"];
	        this.budget = source["budget"];
	        this.display_name = source["display_name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.reach = this.convertValues(source["reach"], Reach);
	        this.bio = source["bio"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ReviewCreate {
	    id: string;
	    ad_request_id: string;
	    rating: number;
	    body: string;
	
	    static createFrom(source: any = {}) {
	        return new ReviewCreate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.ad_request_id = source["ad_request_id"];
	        this.rating = source["rating"];
	        this.body = source["body"];
	    }
	}
	export class SavedSearchDelete {
	    id: string;
	
	    static createFrom(source: any = {}) {
	        return new SavedSearchDelete(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	    }
	}
	export class SavedSearchSave {
	    id: string;
	    name: string;
	    query: number[];
	
	    static createFrom(source: any = {}) {
	        return new SavedSearchSave(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.query = source["query"];
	    }
	}
	export class ShortlistAdd {
	    shortlist_id: string;
	    influencer_ids: string[];
	    note?: string;
	
	    static createFrom(source: any = {}) {
	        return new ShortlistAdd(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shortlist_id = source["shortlist_id"];
	        this.influencer_ids = source["influencer_ids"];
	        this.note = source["note"];
	    }
	}
	export class ShortlistCreate {
	    id: string;
	    name: string;
	    campaign_id?: string;
	
	    static createFrom(source: any = {}) {
	        return new ShortlistCreate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.campaign_id = source["campaign_id"];
	    }
	}
	export class ShortlistDelete {
	    id: string;
	
	    static createFrom(source: any = {}) {
	        return new ShortlistDelete(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	    }
	}
	export class ShortlistNote {
	    id: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new ShortlistNote(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.note = source["note"];
	    }
	}
	export class ShortlistRemove {
	    ids: string[];
	
	    static createFrom(source: any = {}) {
	        return new ShortlistRemove(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ids = source["ids"];
	    }
	}
	export class ShortlistRename {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new ShortlistRename(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}
	export class TeamAccept {
	    member_id: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamAccept(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.member_id = source["member_id"];
	    }
	}
	export class TeamDecline {
	    member_id: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamDecline(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.member_id = source["member_id"];
	    }
	}
	export class TeamInvite {
	    email: string;
	    role: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamInvite(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = source["email"];
	        this.role = source["role"];
	    }
	}
	export class TeamRemove {
	    member_id: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamRemove(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.member_id = source["member_id"];
	    }
	}
	export class TeamSetRole {
	    member_id: string;
	    role: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamSetRole(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.member_id = source["member_id"];
	        this.role = source["role"];
	    }
	}

}

export namespace postimport {
	
	export class Counts {
	    rows: number;
	    accepted: number;
	    refused: number;
	    skipped: number;
	    by_reason: Record<string, number>;
	
	    static createFrom(source: any = {}) {
	        return new Counts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = source["rows"];
	        this.accepted = source["accepted"];
	        this.refused = source["refused"];
	        this.skipped = source["skipped"];
	        this.by_reason = source["by_reason"];
	    }
	}
	export class Mapping {
	    columns: Record<string, number>;
	
	    static createFrom(source: any = {}) {
	        return new Mapping(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.columns = source["columns"];
	    }
	}
	export class Options {
	    platform: string;
	    content_type: string;
	    followers: number;
	    date_order: string;
	    time_zone: string;
	
	    static createFrom(source: any = {}) {
	        return new Options(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.followers = source["followers"];
	        this.date_order = source["date_order"];
	        this.time_zone = source["time_zone"];
	    }
	}
	export class Preview {
	    shape: string;
	    delimiter: string;
	    header: string[];
	    rows: string[][];
	    total_rows: number;
	    mapping: Mapping;
	    missing: string[];
	    needed: string[];
	    platform: string;
	    content_type: string;
	    date_order: string;
	    date_ambiguous: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Preview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.shape = source["shape"];
	        this.delimiter = source["delimiter"];
	        this.header = source["header"];
	        this.rows = source["rows"];
	        this.total_rows = source["total_rows"];
	        this.mapping = this.convertValues(source["mapping"], Mapping);
	        this.missing = source["missing"];
	        this.needed = source["needed"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.date_order = source["date_order"];
	        this.date_ambiguous = source["date_ambiguous"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Refused {
	    line: number;
	    column: number;
	    field: string;
	    reason: string;
	    params?: Record<string, string>;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new Refused(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.column = source["column"];
	        this.field = source["field"];
	        this.reason = source["reason"];
	        this.params = source["params"];
	        this.value = source["value"];
	    }
	}

}

export namespace protocol {
	
	export class AnalyticsMetric {
	    mae: number;
	    r2: number;
	
	    static createFrom(source: any = {}) {
	        return new AnalyticsMetric(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mae = source["mae"];
	        this.r2 = source["r2"];
	    }
	}
	export class AnalyticsComparison {
	    rows: number;
	    model: AnalyticsMetric;
	    tier_median: AnalyticsMetric;
	    own_mean: AnalyticsMetric;
	
	    static createFrom(source: any = {}) {
	        return new AnalyticsComparison(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = source["rows"];
	        this.model = this.convertValues(source["model"], AnalyticsMetric);
	        this.tier_median = this.convertValues(source["tier_median"], AnalyticsMetric);
	        this.own_mean = this.convertValues(source["own_mean"], AnalyticsMetric);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class AnalyticsRefresh {
	    model_version: number;
	    // Go type: time
	    trained_at?: any;
	    rows: number;
	    er: AnalyticsComparison;
	    views: AnalyticsComparison;
	    model_error?: string;
	    influencers: number;
	    stats_changed: number;
	    seconds: number;
	
	    static createFrom(source: any = {}) {
	        return new AnalyticsRefresh(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.model_version = source["model_version"];
	        this.trained_at = this.convertValues(source["trained_at"], null);
	        this.rows = source["rows"];
	        this.er = this.convertValues(source["er"], AnalyticsComparison);
	        this.views = this.convertValues(source["views"], AnalyticsComparison);
	        this.model_error = source["model_error"];
	        this.influencers = source["influencers"];
	        this.stats_changed = source["stats_changed"];
	        this.seconds = source["seconds"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace queries {
	
	export class Activity {
	    at: string;
	    kind: string;
	    actor_role: string;
	    ad_request_id: string;
	    campaign_name: string;
	    counterparty: string;
	    amount: number;
	    acted_by: string;
	
	    static createFrom(source: any = {}) {
	        return new Activity(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.kind = source["kind"];
	        this.actor_role = source["actor_role"];
	        this.ad_request_id = source["ad_request_id"];
	        this.campaign_name = source["campaign_name"];
	        this.counterparty = source["counterparty"];
	        this.amount = source["amount"];
	        this.acted_by = source["acted_by"];
	    }
	}
	export class AdRequestActions {
	    counter: boolean;
	    accept: boolean;
	    reject: boolean;
	    withdraw: boolean;
	    complete: boolean;
	    review: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestActions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.counter = source["counter"];
	        this.accept = source["accept"];
	        this.reject = source["reject"];
	        this.withdraw = source["withdraw"];
	        this.complete = source["complete"];
	        this.review = source["review"];
	    }
	}
	export class TermChange {
	    from: domain.DeliverableTerm;
	    to: domain.DeliverableTerm;
	    fields: string[];
	
	    static createFrom(source: any = {}) {
	        return new TermChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = this.convertValues(source["from"], domain.DeliverableTerm);
	        this.to = this.convertValues(source["to"], domain.DeliverableTerm);
	        this.fields = source["fields"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OfferChanges {
	    amount_from: number;
	    amount_changed: boolean;
	    requirements_changed: boolean;
	    added: domain.DeliverableTerm[];
	    removed: domain.DeliverableTerm[];
	    changed: TermChange[];
	
	    static createFrom(source: any = {}) {
	        return new OfferChanges(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.amount_from = source["amount_from"];
	        this.amount_changed = source["amount_changed"];
	        this.requirements_changed = source["requirements_changed"];
	        this.added = this.convertValues(source["added"], domain.DeliverableTerm);
	        this.removed = this.convertValues(source["removed"], domain.DeliverableTerm);
	        this.changed = this.convertValues(source["changed"], TermChange);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Offer {
	    id: string;
	    seq: number;
	    author_id: string;
	    author_role: string;
	    author_name: string;
	    acted_by: string;
	    amount: number;
	    requirements: string;
	    message: string;
	    created_at: string;
	    mine: boolean;
	    deliverables: domain.DeliverableTerm[];
	    changes?: OfferChanges;
	
	    static createFrom(source: any = {}) {
	        return new Offer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.seq = source["seq"];
	        this.author_id = source["author_id"];
	        this.author_role = source["author_role"];
	        this.author_name = source["author_name"];
	        this.acted_by = source["acted_by"];
	        this.amount = source["amount"];
	        this.requirements = source["requirements"];
	        this.message = source["message"];
	        this.created_at = source["created_at"];
	        this.mine = source["mine"];
	        this.deliverables = this.convertValues(source["deliverables"], domain.DeliverableTerm);
	        this.changes = this.convertValues(source["changes"], OfferChanges);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Refusal {
	    action: string;
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Refusal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.action = source["action"];
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}
	export class AdRequestDetail {
	    id: string;
	    campaign_id: string;
	    campaign_name: string;
	    campaign_status: string;
	    campaign_flagged: boolean;
	    campaign_flag_reason: string;
	    sponsor_id: string;
	    sponsor_name: string;
	    influencer_id: string;
	    influencer_name: string;
	    counterparty_name: string;
	    amount: number;
	    requirements: string;
	    status: string;
	    initiated_by: string;
	    last_author: string;
	    latest_offer_id: string;
	    turn: string;
	    offers: number;
	    updated_at: string;
	    queued: boolean;
	    refused?: Refusal;
	    close_reason: string;
	    campaign_budget: number;
	    campaign_committed: number;
	    thread: Offer[];
	    actions: AdRequestActions;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.campaign_id = source["campaign_id"];
	        this.campaign_name = source["campaign_name"];
	        this.campaign_status = source["campaign_status"];
	        this.campaign_flagged = source["campaign_flagged"];
	        this.campaign_flag_reason = source["campaign_flag_reason"];
	        this.sponsor_id = source["sponsor_id"];
	        this.sponsor_name = source["sponsor_name"];
	        this.influencer_id = source["influencer_id"];
	        this.influencer_name = source["influencer_name"];
	        this.counterparty_name = source["counterparty_name"];
	        this.amount = source["amount"];
	        this.requirements = source["requirements"];
	        this.status = source["status"];
	        this.initiated_by = source["initiated_by"];
	        this.last_author = source["last_author"];
	        this.latest_offer_id = source["latest_offer_id"];
	        this.turn = source["turn"];
	        this.offers = source["offers"];
	        this.updated_at = source["updated_at"];
	        this.queued = source["queued"];
	        this.refused = this.convertValues(source["refused"], Refusal);
	        this.close_reason = source["close_reason"];
	        this.campaign_budget = source["campaign_budget"];
	        this.campaign_committed = source["campaign_committed"];
	        this.thread = this.convertValues(source["thread"], Offer);
	        this.actions = this.convertValues(source["actions"], AdRequestActions);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdRequestFilter {
	    status: string;
	    campaign_id: string;
	    text: string;
	    sort: string;
	    desc: boolean;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.campaign_id = source["campaign_id"];
	        this.text = source["text"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	}
	export class AdRequestRow {
	    id: string;
	    campaign_id: string;
	    campaign_name: string;
	    campaign_status: string;
	    campaign_flagged: boolean;
	    campaign_flag_reason: string;
	    sponsor_id: string;
	    sponsor_name: string;
	    influencer_id: string;
	    influencer_name: string;
	    counterparty_name: string;
	    amount: number;
	    requirements: string;
	    status: string;
	    initiated_by: string;
	    last_author: string;
	    latest_offer_id: string;
	    turn: string;
	    offers: number;
	    updated_at: string;
	    queued: boolean;
	    refused?: Refusal;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.campaign_id = source["campaign_id"];
	        this.campaign_name = source["campaign_name"];
	        this.campaign_status = source["campaign_status"];
	        this.campaign_flagged = source["campaign_flagged"];
	        this.campaign_flag_reason = source["campaign_flag_reason"];
	        this.sponsor_id = source["sponsor_id"];
	        this.sponsor_name = source["sponsor_name"];
	        this.influencer_id = source["influencer_id"];
	        this.influencer_name = source["influencer_name"];
	        this.counterparty_name = source["counterparty_name"];
	        this.amount = source["amount"];
	        this.requirements = source["requirements"];
	        this.status = source["status"];
	        this.initiated_by = source["initiated_by"];
	        this.last_author = source["last_author"];
	        this.latest_offer_id = source["latest_offer_id"];
	        this.turn = source["turn"];
	        this.offers = source["offers"];
	        this.updated_at = source["updated_at"];
	        this.queued = source["queued"];
	        this.refused = this.convertValues(source["refused"], Refusal);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdRequestPage {
	    items: AdRequestRow[];
	    total: number;
	    waiting: number;
	    first_waiting: string;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new AdRequestPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], AdRequestRow);
	        this.total = source["total"];
	        this.waiting = source["waiting"];
	        this.first_waiting = source["first_waiting"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class AdminAccountRow {
	    id: string;
	    email: string;
	    name: string;
	    role: string;
	    display_name: string;
	    active: boolean;
	    flagged: boolean;
	    flag_reason: string;
	    approval: string;
	    review_reason: string;
	    industry: string;
	    created_at: string;
	
	    static createFrom(source: any = {}) {
	        return new AdminAccountRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.display_name = source["display_name"];
	        this.active = source["active"];
	        this.flagged = source["flagged"];
	        this.flag_reason = source["flag_reason"];
	        this.approval = source["approval"];
	        this.review_reason = source["review_reason"];
	        this.industry = source["industry"];
	        this.created_at = source["created_at"];
	    }
	}
	export class AdminAccountPage {
	    items: AdminAccountRow[];
	    total: number;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new AdminAccountPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], AdminAccountRow);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdminAccountQuery {
	    text: string;
	    role: string;
	    flagged: string;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new AdminAccountQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.role = source["role"];
	        this.flagged = source["flagged"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	}
	
	export class AdminCampaignRow {
	    id: string;
	    name: string;
	    sponsor_id: string;
	    sponsor_name: string;
	    category: string;
	    status: string;
	    visibility: string;
	    budget: number;
	    committed: number;
	    start_date: string;
	    end_date: string;
	    flagged: boolean;
	    flag_reason: string;
	    requests: number;
	    open_requests: number;
	    updated_at: string;
	    queued: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AdminCampaignRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.sponsor_id = source["sponsor_id"];
	        this.sponsor_name = source["sponsor_name"];
	        this.category = source["category"];
	        this.status = source["status"];
	        this.visibility = source["visibility"];
	        this.budget = source["budget"];
	        this.committed = source["committed"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	        this.flagged = source["flagged"];
	        this.flag_reason = source["flag_reason"];
	        this.requests = source["requests"];
	        this.open_requests = source["open_requests"];
	        this.updated_at = source["updated_at"];
	        this.queued = source["queued"];
	    }
	}
	export class AdminCampaignPage {
	    items: AdminCampaignRow[];
	    total: number;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new AdminCampaignPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], AdminCampaignRow);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdminCampaignQuery {
	    text: string;
	    status: string;
	    flagged: string;
	    sort: string;
	    desc: boolean;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new AdminCampaignQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.status = source["status"];
	        this.flagged = source["flagged"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	}
	
	export class MonthCounts {
	    month: string;
	    accounts: number;
	    campaigns: number;
	    ad_requests: number;
	
	    static createFrom(source: any = {}) {
	        return new MonthCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.month = source["month"];
	        this.accounts = source["accounts"];
	        this.campaigns = source["campaigns"];
	        this.ad_requests = source["ad_requests"];
	    }
	}
	export class AdminDashboard {
	    accounts: Record<string, number>;
	    accounts_total: number;
	    active: number;
	    deactivated: number;
	    flagged_accounts: number;
	    pending_sponsors: number;
	    campaigns: Record<string, number>;
	    campaigns_total: number;
	    flagged_campaigns: number;
	    ad_requests: Record<string, number>;
	    ad_requests_total: number;
	    activity: MonthCounts[];
	
	    static createFrom(source: any = {}) {
	        return new AdminDashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accounts = source["accounts"];
	        this.accounts_total = source["accounts_total"];
	        this.active = source["active"];
	        this.deactivated = source["deactivated"];
	        this.flagged_accounts = source["flagged_accounts"];
	        this.pending_sponsors = source["pending_sponsors"];
	        this.campaigns = source["campaigns"];
	        this.campaigns_total = source["campaigns_total"];
	        this.flagged_campaigns = source["flagged_campaigns"];
	        this.ad_requests = source["ad_requests"];
	        this.ad_requests_total = source["ad_requests_total"];
	        this.activity = this.convertValues(source["activity"], MonthCounts);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AdminOverview {
	    accounts: Record<string, number>;
	    accounts_total: number;
	    active: number;
	    deactivated: number;
	    flagged_accounts: number;
	    pending_sponsors: number;
	    campaigns: Record<string, number>;
	    campaigns_total: number;
	    flagged_campaigns: number;
	    ad_requests: Record<string, number>;
	    ad_requests_total: number;
	
	    static createFrom(source: any = {}) {
	        return new AdminOverview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accounts = source["accounts"];
	        this.accounts_total = source["accounts_total"];
	        this.active = source["active"];
	        this.deactivated = source["deactivated"];
	        this.flagged_accounts = source["flagged_accounts"];
	        this.pending_sponsors = source["pending_sponsors"];
	        this.campaigns = source["campaigns"];
	        this.campaigns_total = source["campaigns_total"];
	        this.flagged_campaigns = source["flagged_campaigns"];
	        this.ad_requests = source["ad_requests"];
	        this.ad_requests_total = source["ad_requests_total"];
	    }
	}
	export class AudienceBucket {
	    dimension: string;
	    bucket: string;
	    share_bps: number;
	
	    static createFrom(source: any = {}) {
	        return new AudienceBucket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dimension = source["dimension"];
	        this.bucket = source["bucket"];
	        this.share_bps = source["share_bps"];
	    }
	}
	export class BreakdownView {
	    key: string;
	    posts: number;
	    er_followers: number;
	    er_views: number;
	    avg_views: number;
	
	    static createFrom(source: any = {}) {
	        return new BreakdownView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.posts = source["posts"];
	        this.er_followers = source["er_followers"];
	        this.er_views = source["er_views"];
	        this.avg_views = source["avg_views"];
	    }
	}
	export class CampaignAnalyticsLine {
	    influencer_id: string;
	    influencer_name: string;
	    deals: number;
	    spend_cents: number;
	    deliverables: number;
	    views: number;
	    reach: number;
	    engagements: number;
	    clicks: number;
	    cpm_cents?: number;
	    cpe_cents?: number;
	    cpc_cents?: number;
	    cost_per_deliverable_cents?: number;
	    er_views: number;
	    er_reach: number;
	    measured_deliverables: number;
	
	    static createFrom(source: any = {}) {
	        return new CampaignAnalyticsLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.influencer_name = source["influencer_name"];
	        this.deals = source["deals"];
	        this.spend_cents = source["spend_cents"];
	        this.deliverables = source["deliverables"];
	        this.views = source["views"];
	        this.reach = source["reach"];
	        this.engagements = source["engagements"];
	        this.clicks = source["clicks"];
	        this.cpm_cents = source["cpm_cents"];
	        this.cpe_cents = source["cpe_cents"];
	        this.cpc_cents = source["cpc_cents"];
	        this.cost_per_deliverable_cents = source["cost_per_deliverable_cents"];
	        this.er_views = source["er_views"];
	        this.er_reach = source["er_reach"];
	        this.measured_deliverables = source["measured_deliverables"];
	    }
	}
	export class CampaignRequest {
	    id: string;
	    influencer_id: string;
	    influencer_name: string;
	    amount: number;
	    status: string;
	    initiated_by: string;
	    updated_at: string;
	
	    static createFrom(source: any = {}) {
	        return new CampaignRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.influencer_id = source["influencer_id"];
	        this.influencer_name = source["influencer_name"];
	        this.amount = source["amount"];
	        this.status = source["status"];
	        this.initiated_by = source["initiated_by"];
	        this.updated_at = source["updated_at"];
	    }
	}
	export class CampaignDetail {
	    id: string;
	    sponsor_id: string;
	    name: string;
	    description: string;
	    category: string;
	    niche: string;
	    start_date: string;
	    end_date: string;
	    budget: number;
	    committed: number;
	    remaining: number;
	    visibility: string;
	    goals: string;
	    status: string;
	    flagged: boolean;
	    flag_reason: string;
	    landing_url: string;
	    updated_at: string;
	    approval: string;
	    queued: boolean;
	    requests: CampaignRequest[];
	
	    static createFrom(source: any = {}) {
	        return new CampaignDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sponsor_id = source["sponsor_id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	        this.budget = source["budget"];
	        this.committed = source["committed"];
	        this.remaining = source["remaining"];
	        this.visibility = source["visibility"];
	        this.goals = source["goals"];
	        this.status = source["status"];
	        this.flagged = source["flagged"];
	        this.flag_reason = source["flag_reason"];
	        this.landing_url = source["landing_url"];
	        this.updated_at = source["updated_at"];
	        this.approval = source["approval"];
	        this.queued = source["queued"];
	        this.requests = this.convertValues(source["requests"], CampaignRequest);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CampaignRow {
	    id: string;
	    name: string;
	    sponsor_name: string;
	    category: string;
	    niche: string;
	    start_date: string;
	    end_date: string;
	    budget: number;
	    committed: number;
	    visibility: string;
	    status: string;
	    flagged: boolean;
	    open_requests: number;
	    queued: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CampaignRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.sponsor_name = source["sponsor_name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	        this.budget = source["budget"];
	        this.committed = source["committed"];
	        this.visibility = source["visibility"];
	        this.status = source["status"];
	        this.flagged = source["flagged"];
	        this.open_requests = source["open_requests"];
	        this.queued = source["queued"];
	    }
	}
	export class CampaignPage {
	    items: CampaignRow[];
	    total: number;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new CampaignPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], CampaignRow);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CampaignQuery {
	    text: string;
	    status: string;
	    visibility: string;
	    sort: string;
	    desc: boolean;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new CampaignQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.status = source["status"];
	        this.visibility = source["visibility"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	}
	
	
	export class TrendWeek {
	    week: string;
	    views: number;
	    engagements: number;
	    clicks: number;
	
	    static createFrom(source: any = {}) {
	        return new TrendWeek(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.week = source["week"];
	        this.views = source["views"];
	        this.engagements = source["engagements"];
	        this.clicks = source["clicks"];
	    }
	}
	export class CampaignStats {
	    campaign_id: string;
	    name: string;
	    status: string;
	    budget_cents: number;
	    committed_cents: number;
	    budget_used_bps: number;
	    target_countries: string[];
	    target_ages: string[];
	    target_platforms: string[];
	    totals: CampaignAnalyticsLine;
	    influencers: CampaignAnalyticsLine[];
	    trend: TrendWeek[];
	    has_metrics: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CampaignStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaign_id = source["campaign_id"];
	        this.name = source["name"];
	        this.status = source["status"];
	        this.budget_cents = source["budget_cents"];
	        this.committed_cents = source["committed_cents"];
	        this.budget_used_bps = source["budget_used_bps"];
	        this.target_countries = source["target_countries"];
	        this.target_ages = source["target_ages"];
	        this.target_platforms = source["target_platforms"];
	        this.totals = this.convertValues(source["totals"], CampaignAnalyticsLine);
	        this.influencers = this.convertValues(source["influencers"], CampaignAnalyticsLine);
	        this.trend = this.convertValues(source["trend"], TrendWeek);
	        this.has_metrics = source["has_metrics"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CheckpointMetrics {
	    checkpoint: string;
	    // Go type: time
	    due_at?: any;
	    state: string;
	    metrics?: domain.DeliverableMetrics;
	
	    static createFrom(source: any = {}) {
	        return new CheckpointMetrics(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.checkpoint = source["checkpoint"];
	        this.due_at = this.convertValues(source["due_at"], null);
	        this.state = source["state"];
	        this.metrics = this.convertValues(source["metrics"], domain.DeliverableMetrics);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DashCampaign {
	    id: string;
	    name: string;
	    status: string;
	    budget: number;
	    committed: number;
	    start_date: string;
	    end_date: string;
	
	    static createFrom(source: any = {}) {
	        return new DashCampaign(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.status = source["status"];
	        this.budget = source["budget"];
	        this.committed = source["committed"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	    }
	}
	export class DealMessage {
	    id: string;
	    author_id: string;
	    author_role: string;
	    author_name: string;
	    body: string;
	    attachments: blobs.Ref[];
	    // Go type: time
	    created_at: any;
	    mine: boolean;
	    queued: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DealMessage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.author_id = source["author_id"];
	        this.author_role = source["author_role"];
	        this.author_name = source["author_name"];
	        this.body = source["body"];
	        this.attachments = this.convertValues(source["attachments"], blobs.Ref);
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.mine = source["mine"];
	        this.queued = source["queued"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DealEvent {
	    // Go type: time
	    at: any;
	    kind: string;
	    by: string;
	    amount: number;
	    offer_seq: number;
	    deliverable_seq: number;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new DealEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = this.convertValues(source["at"], null);
	        this.kind = source["kind"];
	        this.by = source["by"];
	        this.amount = source["amount"];
	        this.offer_seq = source["offer_seq"];
	        this.deliverable_seq = source["deliverable_seq"];
	        this.text = source["text"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeliverableActions {
	    submit_draft: boolean;
	    review: boolean;
	    submit_proof: boolean;
	    accept_proof: boolean;
	    dispute: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DeliverableActions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.submit_draft = source["submit_draft"];
	        this.review = source["review"];
	        this.submit_proof = source["submit_proof"];
	        this.accept_proof = source["accept_proof"];
	        this.dispute = source["dispute"];
	    }
	}
	export class DealDeliverable {
	    id: string;
	    seq: number;
	    platform: string;
	    content_type: string;
	    quantity: number;
	    due_date: string;
	    brief: string;
	    status: string;
	    draft_text: string;
	    draft_links: string[];
	    change_comment: string;
	    proof_url: string;
	    // Go type: time
	    posted_at?: any;
	    // Go type: time
	    submitted_at?: any;
	    // Go type: time
	    decided_at?: any;
	    auto_accept_after: string;
	    draft_attachments: blobs.Ref[];
	    proof_screenshot?: blobs.Ref;
	    dispute_reason: string;
	    disputed_by: string;
	    overdue: boolean;
	    queued: boolean;
	    actions: DeliverableActions;
	
	    static createFrom(source: any = {}) {
	        return new DealDeliverable(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.seq = source["seq"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.quantity = source["quantity"];
	        this.due_date = source["due_date"];
	        this.brief = source["brief"];
	        this.status = source["status"];
	        this.draft_text = source["draft_text"];
	        this.draft_links = source["draft_links"];
	        this.change_comment = source["change_comment"];
	        this.proof_url = source["proof_url"];
	        this.posted_at = this.convertValues(source["posted_at"], null);
	        this.submitted_at = this.convertValues(source["submitted_at"], null);
	        this.decided_at = this.convertValues(source["decided_at"], null);
	        this.auto_accept_after = source["auto_accept_after"];
	        this.draft_attachments = this.convertValues(source["draft_attachments"], blobs.Ref);
	        this.proof_screenshot = this.convertValues(source["proof_screenshot"], blobs.Ref);
	        this.dispute_reason = source["dispute_reason"];
	        this.disputed_by = source["disputed_by"];
	        this.overdue = source["overdue"];
	        this.queued = source["queued"];
	        this.actions = this.convertValues(source["actions"], DeliverableActions);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Escrow {
	    state: string;
	    cents: number;
	    commission_bps: number;
	    released_cents: number;
	    resolution_note: string;
	    commission_cents: number;
	    influencer_cents: number;
	    refunded_cents: number;
	
	    static createFrom(source: any = {}) {
	        return new Escrow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.cents = source["cents"];
	        this.commission_bps = source["commission_bps"];
	        this.released_cents = source["released_cents"];
	        this.resolution_note = source["resolution_note"];
	        this.commission_cents = source["commission_cents"];
	        this.influencer_cents = source["influencer_cents"];
	        this.refunded_cents = source["refunded_cents"];
	    }
	}
	export class Deal {
	    id: string;
	    campaign_id: string;
	    campaign_name: string;
	    campaign_status: string;
	    campaign_flagged: boolean;
	    campaign_flag_reason: string;
	    sponsor_id: string;
	    sponsor_name: string;
	    influencer_id: string;
	    influencer_name: string;
	    counterparty_name: string;
	    amount: number;
	    requirements: string;
	    status: string;
	    initiated_by: string;
	    last_author: string;
	    latest_offer_id: string;
	    turn: string;
	    offers: number;
	    updated_at: string;
	    queued: boolean;
	    refused?: Refusal;
	    close_reason: string;
	    campaign_budget: number;
	    campaign_committed: number;
	    thread: Offer[];
	    actions: AdRequestActions;
	    escrow: Escrow;
	    deliverables: DealDeliverable[];
	    timeline: DealEvent[];
	    messages: DealMessage[];
	
	    static createFrom(source: any = {}) {
	        return new Deal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.campaign_id = source["campaign_id"];
	        this.campaign_name = source["campaign_name"];
	        this.campaign_status = source["campaign_status"];
	        this.campaign_flagged = source["campaign_flagged"];
	        this.campaign_flag_reason = source["campaign_flag_reason"];
	        this.sponsor_id = source["sponsor_id"];
	        this.sponsor_name = source["sponsor_name"];
	        this.influencer_id = source["influencer_id"];
	        this.influencer_name = source["influencer_name"];
	        this.counterparty_name = source["counterparty_name"];
	        this.amount = source["amount"];
	        this.requirements = source["requirements"];
	        this.status = source["status"];
	        this.initiated_by = source["initiated_by"];
	        this.last_author = source["last_author"];
	        this.latest_offer_id = source["latest_offer_id"];
	        this.turn = source["turn"];
	        this.offers = source["offers"];
	        this.updated_at = source["updated_at"];
	        this.queued = source["queued"];
	        this.refused = this.convertValues(source["refused"], Refusal);
	        this.close_reason = source["close_reason"];
	        this.campaign_budget = source["campaign_budget"];
	        this.campaign_committed = source["campaign_committed"];
	        this.thread = this.convertValues(source["thread"], Offer);
	        this.actions = this.convertValues(source["actions"], AdRequestActions);
	        this.escrow = this.convertValues(source["escrow"], Escrow);
	        this.deliverables = this.convertValues(source["deliverables"], DealDeliverable);
	        this.timeline = this.convertValues(source["timeline"], DealEvent);
	        this.messages = this.convertValues(source["messages"], DealMessage);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class DealResults {
	    deals: number;
	    spend_cents: number;
	    deliverables: number;
	    reported: number;
	    views: number;
	    reach: number;
	    engagements: number;
	    clicks: number;
	    er_views: number;
	    cpm_cents?: number;
	    cpe_cents?: number;
	    cpc_cents?: number;
	    cost_per_deliverable_cents?: number;
	
	    static createFrom(source: any = {}) {
	        return new DealResults(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deals = source["deals"];
	        this.spend_cents = source["spend_cents"];
	        this.deliverables = source["deliverables"];
	        this.reported = source["reported"];
	        this.views = source["views"];
	        this.reach = source["reach"];
	        this.engagements = source["engagements"];
	        this.clicks = source["clicks"];
	        this.er_views = source["er_views"];
	        this.cpm_cents = source["cpm_cents"];
	        this.cpe_cents = source["cpe_cents"];
	        this.cpc_cents = source["cpc_cents"];
	        this.cost_per_deliverable_cents = source["cost_per_deliverable_cents"];
	    }
	}
	
	export class DeliverableMetrics {
	    deliverable_id: string;
	    seq: number;
	    platform: string;
	    content_type: string;
	    status: string;
	    // Go type: time
	    posted_at?: any;
	    campaign_name: string;
	    can_report: boolean;
	    max_figure: number;
	    checkpoints: CheckpointMetrics[];
	
	    static createFrom(source: any = {}) {
	        return new DeliverableMetrics(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.seq = source["seq"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.status = source["status"];
	        this.posted_at = this.convertValues(source["posted_at"], null);
	        this.campaign_name = source["campaign_name"];
	        this.can_report = source["can_report"];
	        this.max_figure = source["max_figure"];
	        this.checkpoints = this.convertValues(source["checkpoints"], CheckpointMetrics);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DisputedDelivery {
	    deliverable_id: string;
	    seq: number;
	    platform: string;
	    content_type: string;
	    by: string;
	    reason: string;
	    proof_url: string;
	
	    static createFrom(source: any = {}) {
	        return new DisputedDelivery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.seq = source["seq"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.by = source["by"];
	        this.reason = source["reason"];
	        this.proof_url = source["proof_url"];
	    }
	}
	export class DisputeRow {
	    ad_request_id: string;
	    campaign_id: string;
	    campaign: string;
	    sponsor_id: string;
	    sponsor: string;
	    influencer_id: string;
	    influencer: string;
	    escrow_cents: number;
	    commission_bps: number;
	    updated_at: string;
	    disputes: DisputedDelivery[];
	
	    static createFrom(source: any = {}) {
	        return new DisputeRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.campaign_id = source["campaign_id"];
	        this.campaign = source["campaign"];
	        this.sponsor_id = source["sponsor_id"];
	        this.sponsor = source["sponsor"];
	        this.influencer_id = source["influencer_id"];
	        this.influencer = source["influencer"];
	        this.escrow_cents = source["escrow_cents"];
	        this.commission_bps = source["commission_bps"];
	        this.updated_at = source["updated_at"];
	        this.disputes = this.convertValues(source["disputes"], DisputedDelivery);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class EscrowDeal {
	    ad_request_id: string;
	    campaign: string;
	    influencer: string;
	    escrow_cents: number;
	    escrow_state: string;
	
	    static createFrom(source: any = {}) {
	        return new EscrowDeal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.campaign = source["campaign"];
	        this.influencer = source["influencer"];
	        this.escrow_cents = source["escrow_cents"];
	        this.escrow_state = source["escrow_state"];
	    }
	}
	export class EscrowSummary {
	    in_escrow: number;
	    deals: number;
	    disputed: number;
	    items: EscrowDeal[];
	
	    static createFrom(source: any = {}) {
	        return new EscrowSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.in_escrow = source["in_escrow"];
	        this.deals = source["deals"];
	        this.disputed = source["disputed"];
	        this.items = this.convertValues(source["items"], EscrowDeal);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SlotView {
	    value: number;
	    posts: number;
	    er: number;
	
	    static createFrom(source: any = {}) {
	        return new SlotView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.posts = source["posts"];
	        this.er = source["er"];
	    }
	}
	export class TrendPointView {
	    // Go type: time
	    start: any;
	    posts: number;
	    er: number;
	    followers: number;
	
	    static createFrom(source: any = {}) {
	        return new TrendPointView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = this.convertValues(source["start"], null);
	        this.posts = source["posts"];
	        this.er = source["er"];
	        this.followers = source["followers"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RiskReason {
	    code: string;
	    points: number;
	    params: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new RiskReason(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.points = source["points"];
	        this.params = source["params"];
	    }
	}
	export class InflAnalytics {
	    influencer_id: string;
	    name: string;
	    own: boolean;
	    source: string;
	    windows: number[];
	    window_days: number;
	    growth_days: number;
	    posts: number;
	    followers: number;
	    er_followers: number;
	    er_views: number;
	    avg_views: number;
	    avg_likes: number;
	    avg_comments: number;
	    follower_growth: number;
	    posts_per_week: number;
	    has_stats: boolean;
	    size_tier: string;
	    perf_tier: string;
	    risk_score?: number;
	    risk_reasons: RiskReason[];
	    predicted_er: number;
	    predicted_views: number;
	    on_time_rate: number;
	    model_version: number;
	    // Go type: time
	    computed_at?: any;
	    history_hidden: boolean;
	    bucket: string;
	    trend: TrendPointView[];
	    by_content_type: BreakdownView[];
	    by_platform: BreakdownView[];
	    best_day?: SlotView;
	    best_hour?: SlotView;
	    audience_hidden: boolean;
	    audience: AudienceBucket[];
	    media_kit: domain.MediaKit;
	    deals?: DealResults;
	    platforms: string[];
	    content_types: string[];
	
	    static createFrom(source: any = {}) {
	        return new InflAnalytics(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.name = source["name"];
	        this.own = source["own"];
	        this.source = source["source"];
	        this.windows = source["windows"];
	        this.window_days = source["window_days"];
	        this.growth_days = source["growth_days"];
	        this.posts = source["posts"];
	        this.followers = source["followers"];
	        this.er_followers = source["er_followers"];
	        this.er_views = source["er_views"];
	        this.avg_views = source["avg_views"];
	        this.avg_likes = source["avg_likes"];
	        this.avg_comments = source["avg_comments"];
	        this.follower_growth = source["follower_growth"];
	        this.posts_per_week = source["posts_per_week"];
	        this.has_stats = source["has_stats"];
	        this.size_tier = source["size_tier"];
	        this.perf_tier = source["perf_tier"];
	        this.risk_score = source["risk_score"];
	        this.risk_reasons = this.convertValues(source["risk_reasons"], RiskReason);
	        this.predicted_er = source["predicted_er"];
	        this.predicted_views = source["predicted_views"];
	        this.on_time_rate = source["on_time_rate"];
	        this.model_version = source["model_version"];
	        this.computed_at = this.convertValues(source["computed_at"], null);
	        this.history_hidden = source["history_hidden"];
	        this.bucket = source["bucket"];
	        this.trend = this.convertValues(source["trend"], TrendPointView);
	        this.by_content_type = this.convertValues(source["by_content_type"], BreakdownView);
	        this.by_platform = this.convertValues(source["by_platform"], BreakdownView);
	        this.best_day = this.convertValues(source["best_day"], SlotView);
	        this.best_hour = this.convertValues(source["best_hour"], SlotView);
	        this.audience_hidden = source["audience_hidden"];
	        this.audience = this.convertValues(source["audience"], AudienceBucket);
	        this.media_kit = this.convertValues(source["media_kit"], domain.MediaKit);
	        this.deals = this.convertValues(source["deals"], DealResults);
	        this.platforms = source["platforms"];
	        this.content_types = source["content_types"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InflCampaignDetail {
	    id: string;
	    name: string;
	    description: string;
	    category: string;
	    niche: string;
	    goals: string;
	    start_date: string;
	    end_date: string;
	    budget: number;
	    status: string;
	    sponsor_id: string;
	    company_name: string;
	    industry: string;
	    open_request_id: string;
	    open_status: string;
	    applied: boolean;
	
	    static createFrom(source: any = {}) {
	        return new InflCampaignDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.goals = source["goals"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	        this.budget = source["budget"];
	        this.status = source["status"];
	        this.sponsor_id = source["sponsor_id"];
	        this.company_name = source["company_name"];
	        this.industry = source["industry"];
	        this.open_request_id = source["open_request_id"];
	        this.open_status = source["open_status"];
	        this.applied = source["applied"];
	    }
	}
	export class InflCampaignHit {
	    id: string;
	    sponsor_id: string;
	    company_name: string;
	    name: string;
	    description: string;
	    category: string;
	    niche: string;
	    goals: string;
	    start_date: string;
	    end_date: string;
	    budget: number;
	    applied: boolean;
	
	    static createFrom(source: any = {}) {
	        return new InflCampaignHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.sponsor_id = source["sponsor_id"];
	        this.company_name = source["company_name"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.goals = source["goals"];
	        this.start_date = source["start_date"];
	        this.end_date = source["end_date"];
	        this.budget = source["budget"];
	        this.applied = source["applied"];
	    }
	}
	export class InflCampaignPage {
	    items: InflCampaignHit[];
	    total: number;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new InflCampaignPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], InflCampaignHit);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InflCampaignQuery {
	    text: string;
	    category: string;
	    min_budget: number;
	    max_budget: number;
	    from: string;
	    to: string;
	    sort: string;
	    order: string;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new InflCampaignQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.category = source["category"];
	        this.min_budget = source["min_budget"];
	        this.max_budget = source["max_budget"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.sort = source["sort"];
	        this.order = source["order"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	}
	export class InflEarnings {
	    committed: number;
	    completed: number;
	    counts: Record<string, number>;
	
	    static createFrom(source: any = {}) {
	        return new InflEarnings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.committed = source["committed"];
	        this.completed = source["completed"];
	        this.counts = source["counts"];
	    }
	}
	export class InflReview {
	    id: string;
	    rating: number;
	    body: string;
	    author_name: string;
	    campaign_name: string;
	    created_at: string;
	
	    static createFrom(source: any = {}) {
	        return new InflReview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.rating = source["rating"];
	        this.body = source["body"];
	        this.author_name = source["author_name"];
	        this.campaign_name = source["campaign_name"];
	        this.created_at = source["created_at"];
	    }
	}
	export class InflReach {
	    instagram: number;
	    youtube: number;
	    tiktok: number;
	    x: number;
	    other: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new InflReach(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.instagram = source["instagram"];
	        this.youtube = source["youtube"];
	        this.tiktok = source["tiktok"];
	        this.x = source["x"];
	        this.other = source["other"];
	        this.total = source["total"];
	    }
	}
	export class InflProfile {
	    account_id: string;
	    name: string;
	    display_name: string;
	    category: string;
	    niche: string;
	    bio: string;
	    reach: InflReach;
	    flagged: boolean;
	    reviews: InflReview[];
	    rating: number;
	
	    static createFrom(source: any = {}) {
	        return new InflProfile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account_id = source["account_id"];
	        this.name = source["name"];
	        this.display_name = source["display_name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.bio = source["bio"];
	        this.reach = this.convertValues(source["reach"], InflReach);
	        this.flagged = source["flagged"];
	        this.reviews = this.convertValues(source["reviews"], InflReview);
	        this.rating = source["rating"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class MonthAmounts {
	    month: string;
	    committed: number;
	    completed: number;
	
	    static createFrom(source: any = {}) {
	        return new MonthAmounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.month = source["month"];
	        this.committed = source["committed"];
	        this.completed = source["completed"];
	    }
	}
	export class InfluencerDashboard {
	    waiting: AdRequestRow[];
	    waiting_count: number;
	    committed: number;
	    completed: number;
	    requests: Record<string, number>;
	    monthly: MonthAmounts[];
	    upcoming: DashCampaign[];
	    rating: number;
	    review_count: number;
	    recent: Activity[];
	
	    static createFrom(source: any = {}) {
	        return new InfluencerDashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.waiting = this.convertValues(source["waiting"], AdRequestRow);
	        this.waiting_count = source["waiting_count"];
	        this.committed = source["committed"];
	        this.completed = source["completed"];
	        this.requests = source["requests"];
	        this.monthly = this.convertValues(source["monthly"], MonthAmounts);
	        this.upcoming = this.convertValues(source["upcoming"], DashCampaign);
	        this.rating = source["rating"];
	        this.review_count = source["review_count"];
	        this.recent = this.convertValues(source["recent"], Activity);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InfluencerReview {
	    id: string;
	    rating: number;
	    body: string;
	    author_name: string;
	    created_at: string;
	
	    static createFrom(source: any = {}) {
	        return new InfluencerReview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.rating = source["rating"];
	        this.body = source["body"];
	        this.author_name = source["author_name"];
	        this.created_at = source["created_at"];
	    }
	}
	export class PlatformReach {
	    platform: string;
	    reach: number;
	
	    static createFrom(source: any = {}) {
	        return new PlatformReach(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.platform = source["platform"];
	        this.reach = source["reach"];
	    }
	}
	export class InfluencerProfile {
	    account_id: string;
	    name: string;
	    display_name: string;
	    category: string;
	    niche: string;
	    bio: string;
	    reach_instagram: number;
	    reach_youtube: number;
	    reach_tiktok: number;
	    reach_x: number;
	    reach_other: number;
	    reach_total: number;
	    rating: number;
	    review_count: number;
	    rated: boolean;
	    er_followers: number;
	    er_views: number;
	    size_tier: string;
	    perf_tier: string;
	    risk_score: number;
	    risk_reasons: search.RiskReason[];
	    predicted_er: number;
	    predicted_views: number;
	    segment: number;
	    platforms: PlatformReach[];
	    reviews: InfluencerReview[];
	
	    static createFrom(source: any = {}) {
	        return new InfluencerProfile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account_id = source["account_id"];
	        this.name = source["name"];
	        this.display_name = source["display_name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.bio = source["bio"];
	        this.reach_instagram = source["reach_instagram"];
	        this.reach_youtube = source["reach_youtube"];
	        this.reach_tiktok = source["reach_tiktok"];
	        this.reach_x = source["reach_x"];
	        this.reach_other = source["reach_other"];
	        this.reach_total = source["reach_total"];
	        this.rating = source["rating"];
	        this.review_count = source["review_count"];
	        this.rated = source["rated"];
	        this.er_followers = source["er_followers"];
	        this.er_views = source["er_views"];
	        this.size_tier = source["size_tier"];
	        this.perf_tier = source["perf_tier"];
	        this.risk_score = source["risk_score"];
	        this.risk_reasons = this.convertValues(source["risk_reasons"], search.RiskReason);
	        this.predicted_er = source["predicted_er"];
	        this.predicted_views = source["predicted_views"];
	        this.segment = source["segment"];
	        this.platforms = this.convertValues(source["platforms"], PlatformReach);
	        this.reviews = this.convertValues(source["reviews"], InfluencerReview);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Invitation {
	    id: string;
	    org_id: string;
	    company: string;
	    role: string;
	    sent: string;
	
	    static createFrom(source: any = {}) {
	        return new Invitation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.org_id = source["org_id"];
	        this.company = source["company"];
	        this.role = source["role"];
	        this.sent = source["sent"];
	    }
	}
	export class IssueParams {
	    campaign?: string;
	    party?: string;
	    amount?: number;
	    budget?: number;
	    rating?: number;
	    target?: string;
	    active?: boolean;
	    count?: number;
	    seq?: number;
	    platform?: string;
	    content_type?: string;
	    checkpoint?: string;
	    outcome?: string;
	    rate?: number;
	
	    static createFrom(source: any = {}) {
	        return new IssueParams(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaign = source["campaign"];
	        this.party = source["party"];
	        this.amount = source["amount"];
	        this.budget = source["budget"];
	        this.rating = source["rating"];
	        this.target = source["target"];
	        this.active = source["active"];
	        this.count = source["count"];
	        this.seq = source["seq"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.checkpoint = source["checkpoint"];
	        this.outcome = source["outcome"];
	        this.rate = source["rate"];
	    }
	}
	export class IssueRef {
	    kind: string;
	    id: string;
	
	    static createFrom(source: any = {}) {
	        return new IssueRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.id = source["id"];
	    }
	}
	
	
	export class NotificationItem {
	    id: string;
	    kind: string;
	    title: string;
	    body: string;
	    params: Record<string, any>;
	    ref_table: string;
	    ref_id: string;
	    // Go type: time
	    created_at: any;
	    // Go type: time
	    read_at?: any;
	
	    static createFrom(source: any = {}) {
	        return new NotificationItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.params = source["params"];
	        this.ref_table = source["ref_table"];
	        this.ref_id = source["ref_id"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.read_at = this.convertValues(source["read_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NotificationList {
	    items: NotificationItem[];
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new NotificationList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], NotificationItem);
	        this.unread = source["unread"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class OnboardingStep {
	    key: string;
	    done: boolean;
	    waiting: boolean;
	    blocked: boolean;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new OnboardingStep(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.done = source["done"];
	        this.waiting = source["waiting"];
	        this.blocked = source["blocked"];
	        this.count = source["count"];
	    }
	}
	export class Onboarding {
	    role: string;
	    steps: OnboardingStep[];
	    done: number;
	    complete: boolean;
	    approval?: string;
	
	    static createFrom(source: any = {}) {
	        return new Onboarding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.role = source["role"];
	        this.steps = this.convertValues(source["steps"], OnboardingStep);
	        this.done = source["done"];
	        this.complete = source["complete"];
	        this.approval = source["approval"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class PaletteHit {
	    kind: string;
	    id: string;
	    title: string;
	    detail: string;
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new PaletteHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.id = source["id"];
	        this.title = source["title"];
	        this.detail = source["detail"];
	        this.status = source["status"];
	    }
	}
	export class PaletteResult {
	    items: PaletteHit[];
	
	    static createFrom(source: any = {}) {
	        return new PaletteResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], PaletteHit);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PipelineCard {
	    influencer_id: string;
	    name: string;
	    initials: string;
	    category: string;
	    niche: string;
	    reach: number;
	    size_tier: string;
	    er?: number;
	    amount_cents: number;
	    request_id: string;
	    status: string;
	    stage: string;
	    last_activity: string;
	    last_actor: string;
	    last_actor_role: string;
	    action: string;
	    action_to: string;
	
	    static createFrom(source: any = {}) {
	        return new PipelineCard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.name = source["name"];
	        this.initials = source["initials"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.reach = source["reach"];
	        this.size_tier = source["size_tier"];
	        this.er = source["er"];
	        this.amount_cents = source["amount_cents"];
	        this.request_id = source["request_id"];
	        this.status = source["status"];
	        this.stage = source["stage"];
	        this.last_activity = source["last_activity"];
	        this.last_actor = source["last_actor"];
	        this.last_actor_role = source["last_actor_role"];
	        this.action = source["action"];
	        this.action_to = source["action_to"];
	    }
	}
	export class PipelineColumn {
	    stage: string;
	    count: number;
	    amount_cents: number;
	    action: string;
	    cards: PipelineCard[];
	
	    static createFrom(source: any = {}) {
	        return new PipelineColumn(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.stage = source["stage"];
	        this.count = source["count"];
	        this.amount_cents = source["amount_cents"];
	        this.action = source["action"];
	        this.cards = this.convertValues(source["cards"], PipelineCard);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PipelineBoard {
	    campaign_id: string;
	    campaign_name: string;
	    campaign_status: string;
	    can_act: boolean;
	    total: number;
	    columns: PipelineColumn[];
	
	    static createFrom(source: any = {}) {
	        return new PipelineBoard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaign_id = source["campaign_id"];
	        this.campaign_name = source["campaign_name"];
	        this.campaign_status = source["campaign_status"];
	        this.can_act = source["can_act"];
	        this.total = source["total"];
	        this.columns = this.convertValues(source["columns"], PipelineColumn);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class PipelineFilter {
	    text: string;
	    platform: string;
	    tier: string;
	    min_er: number;
	
	    static createFrom(source: any = {}) {
	        return new PipelineFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.platform = source["platform"];
	        this.tier = source["tier"];
	        this.min_er = source["min_er"];
	    }
	}
	export class PlatformTotals {
	    influencers: number;
	    rated: number;
	    posts_90d: number;
	    campaigns: number;
	    deals: number;
	    deliverables: number;
	    views: number;
	    engagements: number;
	
	    static createFrom(source: any = {}) {
	        return new PlatformTotals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencers = source["influencers"];
	        this.rated = source["rated"];
	        this.posts_90d = source["posts_90d"];
	        this.campaigns = source["campaigns"];
	        this.deals = source["deals"];
	        this.deliverables = source["deliverables"];
	        this.views = source["views"];
	        this.engagements = source["engagements"];
	    }
	}
	export class TopCampaign {
	    campaign_id: string;
	    name: string;
	    company: string;
	    deliverables: number;
	    views: number;
	    engagements: number;
	
	    static createFrom(source: any = {}) {
	        return new TopCampaign(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaign_id = source["campaign_id"];
	        this.name = source["name"];
	        this.company = source["company"];
	        this.deliverables = source["deliverables"];
	        this.views = source["views"];
	        this.engagements = source["engagements"];
	    }
	}
	export class TopInfluencer {
	    influencer_id: string;
	    name: string;
	    size_tier: string;
	    followers: number;
	    er_followers: number;
	    posts_90d: number;
	    risk_score: number;
	
	    static createFrom(source: any = {}) {
	        return new TopInfluencer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.name = source["name"];
	        this.size_tier = source["size_tier"];
	        this.followers = source["followers"];
	        this.er_followers = source["er_followers"];
	        this.posts_90d = source["posts_90d"];
	        this.risk_score = source["risk_score"];
	    }
	}
	export class RiskCounts {
	    low: number;
	    medium: number;
	    high: number;
	    unrated: number;
	
	    static createFrom(source: any = {}) {
	        return new RiskCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.low = source["low"];
	        this.medium = source["medium"];
	        this.high = source["high"];
	        this.unrated = source["unrated"];
	    }
	}
	export class TierRow {
	    tier: string;
	    influencers: number;
	    rated: number;
	    share_rated: number;
	    median_er: number;
	    posts_90d: number;
	
	    static createFrom(source: any = {}) {
	        return new TierRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tier = source["tier"];
	        this.influencers = source["influencers"];
	        this.rated = source["rated"];
	        this.share_rated = source["share_rated"];
	        this.median_er = source["median_er"];
	        this.posts_90d = source["posts_90d"];
	    }
	}
	export class PlatformAnalyticsView {
	    tiers: TierRow[];
	    risk: RiskCounts;
	    top_influencers: TopInfluencer[];
	    top_campaigns: TopCampaign[];
	    totals: PlatformTotals;
	
	    static createFrom(source: any = {}) {
	        return new PlatformAnalyticsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tiers = this.convertValues(source["tiers"], TierRow);
	        this.risk = this.convertValues(source["risk"], RiskCounts);
	        this.top_influencers = this.convertValues(source["top_influencers"], TopInfluencer);
	        this.top_campaigns = this.convertValues(source["top_campaigns"], TopCampaign);
	        this.totals = this.convertValues(source["totals"], PlatformTotals);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class PostTotals {
	    posts: number;
	    views: number;
	    likes: number;
	    comments: number;
	    // Go type: time
	    first?: any;
	    // Go type: time
	    last?: any;
	
	    static createFrom(source: any = {}) {
	        return new PostTotals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.posts = source["posts"];
	        this.views = source["views"];
	        this.likes = source["likes"];
	        this.comments = source["comments"];
	        this.first = this.convertValues(source["first"], null);
	        this.last = this.convertValues(source["last"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PostRow {
	    id: string;
	    platform: string;
	    content_type: string;
	    external_id: string;
	    // Go type: time
	    posted_at: any;
	    followers: number;
	    views: number;
	    reach: number;
	    likes: number;
	    comments: number;
	    shares: number;
	    saves: number;
	    sponsored: boolean;
	    source: string;
	    er: number;
	
	    static createFrom(source: any = {}) {
	        return new PostRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.external_id = source["external_id"];
	        this.posted_at = this.convertValues(source["posted_at"], null);
	        this.followers = source["followers"];
	        this.views = source["views"];
	        this.reach = source["reach"];
	        this.likes = source["likes"];
	        this.comments = source["comments"];
	        this.shares = source["shares"];
	        this.saves = source["saves"];
	        this.sponsored = source["sponsored"];
	        this.source = source["source"];
	        this.er = source["er"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PostPage {
	    items: PostRow[];
	    total: number;
	    page: number;
	    page_size: number;
	    totals: PostTotals;
	
	    static createFrom(source: any = {}) {
	        return new PostPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], PostRow);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	        this.totals = this.convertValues(source["totals"], PostTotals);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PostQuery {
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new PostQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	}
	
	
	export class PredictQuery {
	    influencer_id: string;
	    platform: string;
	    content_type: string;
	    weekday: number;
	    hour: number;
	    sponsored: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PredictQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.weekday = source["weekday"];
	        this.hour = source["hour"];
	        this.sponsored = source["sponsored"];
	    }
	}
	export class PredictionView {
	    er: number;
	    views: number;
	    reasons: predict.Reason[];
	    model_version: number;
	    followers: number;
	
	    static createFrom(source: any = {}) {
	        return new PredictionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.er = source["er"];
	        this.views = source["views"];
	        this.reasons = this.convertValues(source["reasons"], predict.Reason);
	        this.model_version = source["model_version"];
	        this.followers = source["followers"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Rationale {
	    code: string;
	    params: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new Rationale(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.params = source["params"];
	    }
	}
	export class ScoreParts {
	    engagement: number;
	    fit: number;
	    price: number;
	    reliability: number;
	    risk_penalty: number;
	
	    static createFrom(source: any = {}) {
	        return new ScoreParts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.engagement = source["engagement"];
	        this.fit = source["fit"];
	        this.price = source["price"];
	        this.reliability = source["reliability"];
	        this.risk_penalty = source["risk_penalty"];
	    }
	}
	export class Recommendation {
	    influencer_id: string;
	    name: string;
	    category: string;
	    niche: string;
	    size_tier: string;
	    perf_tier: string;
	    risk_score: number;
	    risk_reasons: string;
	    predicted_er: number;
	    reach: number;
	    price_cents: number;
	    suggested_cents: number;
	    score: number;
	    parts: ScoreParts;
	    reasons: Rationale[];
	
	    static createFrom(source: any = {}) {
	        return new Recommendation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.name = source["name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.size_tier = source["size_tier"];
	        this.perf_tier = source["perf_tier"];
	        this.risk_score = source["risk_score"];
	        this.risk_reasons = source["risk_reasons"];
	        this.predicted_er = source["predicted_er"];
	        this.reach = source["reach"];
	        this.price_cents = source["price_cents"];
	        this.suggested_cents = source["suggested_cents"];
	        this.score = source["score"];
	        this.parts = this.convertValues(source["parts"], ScoreParts);
	        this.reasons = this.convertValues(source["reasons"], Rationale);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RecommendationPage {
	    campaign_id: string;
	    campaign_name: string;
	    requirements: string;
	    budget_left_cents: number;
	    items: Recommendation[];
	    total: number;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new RecommendationPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.campaign_id = source["campaign_id"];
	        this.campaign_name = source["campaign_name"];
	        this.requirements = source["requirements"];
	        this.budget_left_cents = source["budget_left_cents"];
	        this.items = this.convertValues(source["items"], Recommendation);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class RiskReviewRow {
	    influencer_id: string;
	    name: string;
	    email: string;
	    size_tier: string;
	    followers: number;
	    er_followers: number;
	    risk_score: number;
	    risk_reasons: RiskReason[];
	    flagged: boolean;
	    flag_reason: string;
	    active: boolean;
	    computed_at: string;
	
	    static createFrom(source: any = {}) {
	        return new RiskReviewRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.influencer_id = source["influencer_id"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.size_tier = source["size_tier"];
	        this.followers = source["followers"];
	        this.er_followers = source["er_followers"];
	        this.risk_score = source["risk_score"];
	        this.risk_reasons = this.convertValues(source["risk_reasons"], RiskReason);
	        this.flagged = source["flagged"];
	        this.flag_reason = source["flag_reason"];
	        this.active = source["active"];
	        this.computed_at = source["computed_at"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RiskReviewPage {
	    items: RiskReviewRow[];
	    total: number;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new RiskReviewPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], RiskReviewRow);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SavedSearch {
	    id: string;
	    name: string;
	    query: number[];
	    // Go type: time
	    updated_at: any;
	    opened: boolean;
	    new: number;
	
	    static createFrom(source: any = {}) {
	        return new SavedSearch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.query = source["query"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.opened = source["opened"];
	        this.new = source["new"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SavedSearchesPage {
	    org_id: string;
	    can_edit: boolean;
	    items: SavedSearch[];
	
	    static createFrom(source: any = {}) {
	        return new SavedSearchesPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.org_id = source["org_id"];
	        this.can_edit = source["can_edit"];
	        this.items = this.convertValues(source["items"], SavedSearch);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Shortlist {
	    id: string;
	    name: string;
	    campaign_id: string;
	    campaign_name: string;
	    entries: number;
	    // Go type: time
	    updated_at: any;
	    has: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Shortlist(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.campaign_id = source["campaign_id"];
	        this.campaign_name = source["campaign_name"];
	        this.entries = source["entries"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.has = source["has"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ShortlistEntry {
	    id: string;
	    influencer_id: string;
	    display_name: string;
	    category: string;
	    niche: string;
	    reach_total: number;
	    rated: boolean;
	    er_followers: number;
	    size_tier: string;
	    perf_tier: string;
	    note: string;
	    added_by: string;
	    // Go type: time
	    added_at: any;
	
	    static createFrom(source: any = {}) {
	        return new ShortlistEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.influencer_id = source["influencer_id"];
	        this.display_name = source["display_name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.reach_total = source["reach_total"];
	        this.rated = source["rated"];
	        this.er_followers = source["er_followers"];
	        this.size_tier = source["size_tier"];
	        this.perf_tier = source["perf_tier"];
	        this.note = source["note"];
	        this.added_by = source["added_by"];
	        this.added_at = this.convertValues(source["added_at"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ShortlistDetail {
	    org_id: string;
	    can_edit: boolean;
	    id: string;
	    name: string;
	    campaign_id: string;
	    campaign_name: string;
	    entries: number;
	    // Go type: time
	    updated_at: any;
	    has: boolean;
	    items: ShortlistEntry[];
	
	    static createFrom(source: any = {}) {
	        return new ShortlistDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.org_id = source["org_id"];
	        this.can_edit = source["can_edit"];
	        this.id = source["id"];
	        this.name = source["name"];
	        this.campaign_id = source["campaign_id"];
	        this.campaign_name = source["campaign_name"];
	        this.entries = source["entries"];
	        this.updated_at = this.convertValues(source["updated_at"], null);
	        this.has = source["has"];
	        this.items = this.convertValues(source["items"], ShortlistEntry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ShortlistsPage {
	    org_id: string;
	    can_edit: boolean;
	    items: Shortlist[];
	
	    static createFrom(source: any = {}) {
	        return new ShortlistsPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.org_id = source["org_id"];
	        this.can_edit = source["can_edit"];
	        this.items = this.convertValues(source["items"], Shortlist);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SponsorDashboard {
	    active_campaigns: number;
	    campaigns: Record<string, number>;
	    budget: number;
	    committed: number;
	    completed_paid: number;
	    requests: Record<string, number>;
	    waiting: number;
	    active: DashCampaign[];
	    monthly: MonthAmounts[];
	    recent: Activity[];
	
	    static createFrom(source: any = {}) {
	        return new SponsorDashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.active_campaigns = source["active_campaigns"];
	        this.campaigns = source["campaigns"];
	        this.budget = source["budget"];
	        this.committed = source["committed"];
	        this.completed_paid = source["completed_paid"];
	        this.requests = source["requests"];
	        this.waiting = source["waiting"];
	        this.active = this.convertValues(source["active"], DashCampaign);
	        this.monthly = this.convertValues(source["monthly"], MonthAmounts);
	        this.recent = this.convertValues(source["recent"], Activity);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncIssue {
	    id: number;
	    name: string;
	    args: number[];
	    // Go type: time
	    created_at: any;
	    code: string;
	    message: string;
	    action: string;
	    params: IssueParams;
	    ref?: IssueRef;
	    reason_code: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncIssue(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.args = source["args"];
	        this.created_at = this.convertValues(source["created_at"], null);
	        this.code = source["code"];
	        this.message = source["message"];
	        this.action = source["action"];
	        this.params = this.convertValues(source["params"], IssueParams);
	        this.ref = this.convertValues(source["ref"], IssueRef);
	        this.reason_code = source["reason_code"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TeamMember {
	    id: string;
	    email: string;
	    name: string;
	    role: string;
	    status: string;
	    founder: boolean;
	    you: boolean;
	    invited_by: string;
	    since: string;
	
	    static createFrom(source: any = {}) {
	        return new TeamMember(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.email = source["email"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.status = source["status"];
	        this.founder = source["founder"];
	        this.you = source["you"];
	        this.invited_by = source["invited_by"];
	        this.since = source["since"];
	    }
	}
	export class Team {
	    org_id: string;
	    company: string;
	    role: string;
	    can_manage: boolean;
	    members: TeamMember[];
	
	    static createFrom(source: any = {}) {
	        return new Team(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.org_id = source["org_id"];
	        this.company = source["company"];
	        this.role = source["role"];
	        this.can_manage = source["can_manage"];
	        this.members = this.convertValues(source["members"], TeamMember);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class TodoItem {
	    deliverable_id: string;
	    ad_request_id: string;
	    campaign_name: string;
	    counterparty_name: string;
	    seq: number;
	    platform: string;
	    content_type: string;
	    quantity: number;
	    due_date: string;
	    status: string;
	    auto_accept_after: string;
	    step: string;
	    overdue: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TodoItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deliverable_id = source["deliverable_id"];
	        this.ad_request_id = source["ad_request_id"];
	        this.campaign_name = source["campaign_name"];
	        this.counterparty_name = source["counterparty_name"];
	        this.seq = source["seq"];
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.quantity = source["quantity"];
	        this.due_date = source["due_date"];
	        this.status = source["status"];
	        this.auto_accept_after = source["auto_accept_after"];
	        this.step = source["step"];
	        this.overdue = source["overdue"];
	    }
	}
	
	
	export class TrackingLink {
	    ad_request_id: string;
	    code: string;
	    promo_code: string;
	    hashtag: string;
	    target_url: string;
	    clicks: number;
	    updated_at: string;
	    short_url: string;
	
	    static createFrom(source: any = {}) {
	        return new TrackingLink(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ad_request_id = source["ad_request_id"];
	        this.code = source["code"];
	        this.promo_code = source["promo_code"];
	        this.hashtag = source["hashtag"];
	        this.target_url = source["target_url"];
	        this.clicks = source["clicks"];
	        this.updated_at = source["updated_at"];
	        this.short_url = source["short_url"];
	    }
	}
	

}

export namespace report {
	
	export class MediaKitShare {
	    dimension: string;
	    bucket: string;
	    share_bps: number;
	
	    static createFrom(source: any = {}) {
	        return new MediaKitShare(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dimension = source["dimension"];
	        this.bucket = source["bucket"];
	        this.share_bps = source["share_bps"];
	    }
	}
	export class MediaKitPost {
	    // Go type: time
	    posted_at: any;
	    platform: string;
	    content_type: string;
	    views: number;
	    likes: number;
	    comments: number;
	    er: number;
	
	    static createFrom(source: any = {}) {
	        return new MediaKitPost(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.posted_at = this.convertValues(source["posted_at"], null);
	        this.platform = source["platform"];
	        this.content_type = source["content_type"];
	        this.views = source["views"];
	        this.likes = source["likes"];
	        this.comments = source["comments"];
	        this.er = source["er"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PlatformFollowers {
	    platform: string;
	    followers: number;
	
	    static createFrom(source: any = {}) {
	        return new PlatformFollowers(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.platform = source["platform"];
	        this.followers = source["followers"];
	    }
	}
	export class MediaKit {
	    name: string;
	    headline: string;
	    category: string;
	    niche: string;
	    // Go type: time
	    generated_at: any;
	    followers: PlatformFollowers[];
	    posts_90d: number;
	    er_followers: number;
	    er_views: number;
	    avg_views: number;
	    avg_likes: number;
	    avg_comments: number;
	    show_history: boolean;
	    top_posts: MediaKitPost[];
	    show_audience: boolean;
	    audience: MediaKitShare[];
	
	    static createFrom(source: any = {}) {
	        return new MediaKit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.headline = source["headline"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.generated_at = this.convertValues(source["generated_at"], null);
	        this.followers = this.convertValues(source["followers"], PlatformFollowers);
	        this.posts_90d = source["posts_90d"];
	        this.er_followers = source["er_followers"];
	        this.er_views = source["er_views"];
	        this.avg_views = source["avg_views"];
	        this.avg_likes = source["avg_likes"];
	        this.avg_comments = source["avg_comments"];
	        this.show_history = source["show_history"];
	        this.top_posts = this.convertValues(source["top_posts"], MediaKitPost);
	        this.show_audience = source["show_audience"];
	        this.audience = this.convertValues(source["audience"], MediaKitShare);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	

}

export namespace search {
	
	export class RiskReason {
	    code: string;
	    points: number;
	    params: Record<string, any>;
	
	    static createFrom(source: any = {}) {
	        return new RiskReason(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.points = source["points"];
	        this.params = source["params"];
	    }
	}
	export class InfluencerHit {
	    account_id: string;
	    name: string;
	    display_name: string;
	    category: string;
	    niche: string;
	    bio: string;
	    reach_instagram: number;
	    reach_youtube: number;
	    reach_tiktok: number;
	    reach_x: number;
	    reach_other: number;
	    reach_total: number;
	    rating: number;
	    review_count: number;
	    rated: boolean;
	    er_followers: number;
	    er_views: number;
	    size_tier: string;
	    perf_tier: string;
	    risk_score: number;
	    risk_reasons: RiskReason[];
	    predicted_er: number;
	    predicted_views: number;
	    segment: number;
	
	    static createFrom(source: any = {}) {
	        return new InfluencerHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account_id = source["account_id"];
	        this.name = source["name"];
	        this.display_name = source["display_name"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.bio = source["bio"];
	        this.reach_instagram = source["reach_instagram"];
	        this.reach_youtube = source["reach_youtube"];
	        this.reach_tiktok = source["reach_tiktok"];
	        this.reach_x = source["reach_x"];
	        this.reach_other = source["reach_other"];
	        this.reach_total = source["reach_total"];
	        this.rating = source["rating"];
	        this.review_count = source["review_count"];
	        this.rated = source["rated"];
	        this.er_followers = source["er_followers"];
	        this.er_views = source["er_views"];
	        this.size_tier = source["size_tier"];
	        this.perf_tier = source["perf_tier"];
	        this.risk_score = source["risk_score"];
	        this.risk_reasons = this.convertValues(source["risk_reasons"], RiskReason);
	        this.predicted_er = source["predicted_er"];
	        this.predicted_views = source["predicted_views"];
	        this.segment = source["segment"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InfluencerQuery {
	    text: string;
	    category: string;
	    niche: string;
	    platform: string;
	    min_reach: number;
	    max_reach: number;
	    min_er: number;
	    max_er: number;
	    size_tier: string;
	    perf_tier: string;
	    risk_level: string;
	    hide_high_risk: boolean;
	    like: string;
	    sort: string;
	    order: string;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new InfluencerQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.category = source["category"];
	        this.niche = source["niche"];
	        this.platform = source["platform"];
	        this.min_reach = source["min_reach"];
	        this.max_reach = source["max_reach"];
	        this.min_er = source["min_er"];
	        this.max_er = source["max_er"];
	        this.size_tier = source["size_tier"];
	        this.perf_tier = source["perf_tier"];
	        this.risk_level = source["risk_level"];
	        this.hide_high_risk = source["hide_high_risk"];
	        this.like = source["like"];
	        this.sort = source["sort"];
	        this.order = source["order"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	}
	export class Page_iescp_backend_search_InfluencerHit_ {
	    items: InfluencerHit[];
	    total: number;
	    page: number;
	    page_size: number;
	
	    static createFrom(source: any = {}) {
	        return new Page_iescp_backend_search_InfluencerHit_(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], InfluencerHit);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.page_size = source["page_size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

