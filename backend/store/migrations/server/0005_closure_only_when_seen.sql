-- A campaign's insert or visibility change re-sends its sponsor's account and profile
-- (0003) so that whoever starts or stops seeing the campaign gets them too. A campaign
-- nobody else sees (a private campaign without ad requests, a draft) changes what no
-- one else may see, so it must not touch the sponsor's shared rows: their new version
-- would send them again to everyone who holds them and poke all those desktops for a
-- private draft (issue 9, item 11). Others see a campaign when it is public and live
-- (public, active or completed, not flagged) or when they have an ad request on it.
DROP TRIGGER campaigns_closure_ins;
DROP TRIGGER campaigns_closure_upd;
CREATE TRIGGER campaigns_closure_ins AFTER INSERT ON campaigns
WHEN NEW.visibility = 'public' AND NEW.status IN ('active', 'completed') AND NEW.flagged = 0 AND NEW.deleted_at IS NULL BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.sponsor_id;
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.sponsor_id;
END;
CREATE TRIGGER campaigns_closure_upd AFTER UPDATE OF visibility, status, flagged, deleted_at ON campaigns
WHEN (NEW.visibility IS NOT OLD.visibility OR NEW.status IS NOT OLD.status OR NEW.flagged IS NOT OLD.flagged
        OR NEW.deleted_at IS NOT OLD.deleted_at)
    AND ((OLD.visibility = 'public' AND OLD.status IN ('active', 'completed') AND OLD.flagged = 0 AND OLD.deleted_at IS NULL)
        OR (NEW.visibility = 'public' AND NEW.status IN ('active', 'completed') AND NEW.flagged = 0 AND NEW.deleted_at IS NULL)
        OR EXISTS (SELECT 1 FROM ad_requests r WHERE r.campaign_id = NEW.id)) BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.sponsor_id;
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.sponsor_id;
END;
