-- A row that becomes visible must arrive with the rows it names, even when those did
-- not change: a new public campaign brings its sponsor's account and profile to
-- influencers who never saw that sponsor; an approval brings the sponsor's account;
-- a review brings its author's account.
CREATE TRIGGER campaigns_closure_ins AFTER INSERT ON campaigns BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.sponsor_id;
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.sponsor_id;
END;
CREATE TRIGGER campaigns_closure_upd AFTER UPDATE OF visibility, status, flagged, deleted_at ON campaigns
WHEN NEW.visibility IS NOT OLD.visibility OR NEW.status IS NOT OLD.status OR NEW.flagged IS NOT OLD.flagged
    OR NEW.deleted_at IS NOT OLD.deleted_at BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.sponsor_id;
    UPDATE sponsor_profiles SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE account_id = NEW.sponsor_id;
END;
CREATE TRIGGER sponsor_profiles_closure AFTER UPDATE OF approval ON sponsor_profiles
WHEN NEW.approval != OLD.approval BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.account_id;
END;
CREATE TRIGGER reviews_closure AFTER INSERT ON reviews BEGIN
    UPDATE accounts SET version = (SELECT version FROM sync_meta WHERE id = 1) WHERE id = NEW.author_id;
END;
