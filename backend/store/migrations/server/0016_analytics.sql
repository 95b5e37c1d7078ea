-- Analytics tables (domain 0012) sync like the other domain tables (0002): pulls
-- read them by version and every insert or update is stamped with the
-- transaction's version (a soft-deleted post is an update, so it syncs too).
CREATE INDEX posts_version ON posts (version);
CREATE INDEX audience_shares_version ON audience_shares (version);
CREATE INDEX media_kits_version ON media_kits (version);
CREATE INDEX influencer_stats_version ON influencer_stats (version);
CREATE INDEX analytics_models_version ON analytics_models (version);

CREATE TRIGGER posts_stamp_ins AFTER INSERT ON posts BEGIN
    UPDATE posts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER posts_stamp_upd AFTER UPDATE ON posts WHEN NEW.version = OLD.version BEGIN
    UPDATE posts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER audience_shares_stamp_ins AFTER INSERT ON audience_shares BEGIN
    UPDATE audience_shares SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER audience_shares_stamp_upd AFTER UPDATE ON audience_shares WHEN NEW.version = OLD.version BEGIN
    UPDATE audience_shares SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER media_kits_stamp_ins AFTER INSERT ON media_kits BEGIN
    UPDATE media_kits SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.influencer_id; END;
CREATE TRIGGER media_kits_stamp_upd AFTER UPDATE ON media_kits WHEN NEW.version = OLD.version BEGIN
    UPDATE media_kits SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.influencer_id; END;
CREATE TRIGGER influencer_stats_stamp_ins AFTER INSERT ON influencer_stats BEGIN
    UPDATE influencer_stats SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.influencer_id; END;
CREATE TRIGGER influencer_stats_stamp_upd AFTER UPDATE ON influencer_stats WHEN NEW.version = OLD.version BEGIN
    UPDATE influencer_stats SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.influencer_id; END;
CREATE TRIGGER analytics_models_stamp_ins AFTER INSERT ON analytics_models BEGIN
    UPDATE analytics_models SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;
CREATE TRIGGER analytics_models_stamp_upd AFTER UPDATE ON analytics_models WHEN NEW.version = OLD.version BEGIN
    UPDATE analytics_models SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.id; END;

-- A change that alters who may see other rows bumps those rows too, so the next
-- pull sends them as put or del (as 0002 does for the profiles):
-- an influencer flagged, unflagged, deactivated or reactivated shows or hides
-- their media kit, stats and audience to everyone else;
CREATE TRIGGER accounts_analytics_visibility AFTER UPDATE OF flagged, active ON accounts
WHEN NEW.role = 'influencer' AND (NEW.flagged != OLD.flagged OR NEW.active != OLD.active) BEGIN
    UPDATE media_kits SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.id;
    UPDATE influencer_stats SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.id;
    UPDATE audience_shares SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE influencer_id = NEW.id;
END;
-- a media kit's show_audience shows or hides the audience breakdown, its
-- show_history the stats' series and by_type (masked for others).
CREATE TRIGGER media_kits_visibility_ins AFTER INSERT ON media_kits
WHEN NEW.show_audience = 1 OR NEW.show_history = 0 BEGIN
    UPDATE audience_shares SET version = (SELECT version FROM sync_meta WHERE id = 1)
        WHERE influencer_id = NEW.influencer_id AND NEW.show_audience = 1;
    UPDATE influencer_stats SET version = (SELECT version FROM sync_meta WHERE id = 1)
        WHERE influencer_id = NEW.influencer_id AND NEW.show_history = 0;
END;
CREATE TRIGGER media_kits_visibility_upd AFTER UPDATE OF show_audience, show_history ON media_kits
WHEN NEW.show_audience != OLD.show_audience OR NEW.show_history != OLD.show_history BEGIN
    UPDATE audience_shares SET version = (SELECT version FROM sync_meta WHERE id = 1)
        WHERE influencer_id = NEW.influencer_id AND NEW.show_audience != OLD.show_audience;
    UPDATE influencer_stats SET version = (SELECT version FROM sync_meta WHERE id = 1)
        WHERE influencer_id = NEW.influencer_id AND NEW.show_history != OLD.show_history;
END;
