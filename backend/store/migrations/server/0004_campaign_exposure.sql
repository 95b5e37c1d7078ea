-- Server-only: campaigns that were ever listed to every signed-in user (public,
-- active or completed, unflagged, not deleted, of an approved, active, unflagged
-- sponsor: the third branch of replica.visibleCampaign). Rows are never removed:
-- a pull sends a del for a campaign, or for its sponsor's account and profile, only
-- to users who could have held it (replica.Table.mayHold), so the ids and timing of
-- a sponsor's private work never reach others.
CREATE TABLE campaign_exposure (
    campaign_id TEXT PRIMARY KEY REFERENCES campaigns (id)
);

-- Every change that can make a campaign listed touches the campaign row: its own
-- columns, or (through accounts_visibility and sponsor_profiles_visibility) the
-- version bump when its sponsor is approved, unflagged or reactivated.
CREATE TRIGGER campaigns_exposure_ins AFTER INSERT ON campaigns
WHEN NEW.deleted_at IS NULL AND NEW.visibility = 'public' AND NEW.status IN ('active', 'completed') AND NEW.flagged = 0
    AND EXISTS (SELECT 1 FROM accounts a JOIN sponsor_profiles p ON p.account_id = a.id
        WHERE a.id = NEW.sponsor_id AND a.flagged = 0 AND a.active = 1 AND p.approval = 'approved') BEGIN
    INSERT OR IGNORE INTO campaign_exposure (campaign_id) VALUES (NEW.id);
END;
CREATE TRIGGER campaigns_exposure_upd AFTER UPDATE ON campaigns
WHEN NEW.deleted_at IS NULL AND NEW.visibility = 'public' AND NEW.status IN ('active', 'completed') AND NEW.flagged = 0
    AND EXISTS (SELECT 1 FROM accounts a JOIN sponsor_profiles p ON p.account_id = a.id
        WHERE a.id = NEW.sponsor_id AND a.flagged = 0 AND a.active = 1 AND p.approval = 'approved') BEGIN
    INSERT OR IGNORE INTO campaign_exposure (campaign_id) VALUES (NEW.id);
END;

INSERT OR IGNORE INTO campaign_exposure (campaign_id)
SELECT c.id FROM campaigns c JOIN accounts a ON a.id = c.sponsor_id JOIN sponsor_profiles p ON p.account_id = a.id
WHERE c.deleted_at IS NULL AND c.visibility = 'public' AND c.status IN ('active', 'completed') AND c.flagged = 0
    AND a.flagged = 0 AND a.active = 1 AND p.approval = 'approved';

-- Which campaigns were listed before this table existed is not known, so a desktop
-- could hold a row no del would now reach: a new epoch makes every desktop download
-- its replica afresh once (its outbox is kept).
UPDATE sync_meta SET epoch = lower(hex(randomblob(16))) WHERE id = 1;
