export namespace client {
	
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

}

export namespace desktop {
	
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
	export class ServerSettings {
	    server_url: string;
	    overridden: boolean;
	    default_url: string;
	
	    static createFrom(source: any = {}) {
	        return new ServerSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.server_url = source["server_url"];
	        this.overridden = source["overridden"];
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

