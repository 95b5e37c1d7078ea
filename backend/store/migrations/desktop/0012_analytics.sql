-- Analytics (domain 0012): the campaigns' undo images carry the target columns,
-- and the new tables are undone like the others (0002): a change made offline and
-- refused by the server disappears at the next sync (influencer_stats and
-- analytics_models are written by the server alone; their triggers keep the rule
-- that every synced table has them). The replica's schema is now the newest domain
-- version: say so to the server.
DROP TRIGGER campaigns_undo_upd;
DROP TRIGGER campaigns_undo_del;
CREATE TRIGGER campaigns_undo_upd BEFORE UPDATE ON campaigns WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('campaigns', OLD.id,
        json_object('id', OLD.id, 'sponsor_id', OLD.sponsor_id, 'name', OLD.name, 'description', OLD.description, 'category', OLD.category, 'niche', OLD.niche, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'budget', OLD.budget, 'committed', OLD.committed, 'visibility', OLD.visibility, 'goals', OLD.goals, 'status', OLD.status, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'landing_url', OLD.landing_url, 'target_countries', OLD.target_countries, 'target_ages', OLD.target_ages, 'target_platforms', OLD.target_platforms, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER campaigns_undo_del BEFORE DELETE ON campaigns WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('campaigns', OLD.id,
        json_object('id', OLD.id, 'sponsor_id', OLD.sponsor_id, 'name', OLD.name, 'description', OLD.description, 'category', OLD.category, 'niche', OLD.niche, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'budget', OLD.budget, 'committed', OLD.committed, 'visibility', OLD.visibility, 'goals', OLD.goals, 'status', OLD.status, 'flagged', OLD.flagged, 'flag_reason', OLD.flag_reason, 'landing_url', OLD.landing_url, 'target_countries', OLD.target_countries, 'target_ages', OLD.target_ages, 'target_platforms', OLD.target_platforms, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

CREATE TRIGGER posts_undo_ins AFTER INSERT ON posts WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('posts', NEW.id, NULL); END;
CREATE TRIGGER posts_undo_upd BEFORE UPDATE ON posts WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('posts', OLD.id,
        json_object('id', OLD.id, 'influencer_id', OLD.influencer_id, 'platform', OLD.platform, 'content_type', OLD.content_type, 'external_id', OLD.external_id, 'posted_at', OLD.posted_at, 'followers', OLD.followers, 'views', OLD.views, 'reach', OLD.reach, 'likes', OLD.likes, 'comments', OLD.comments, 'shares', OLD.shares, 'saves', OLD.saves, 'sponsored', OLD.sponsored, 'source', OLD.source, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;
CREATE TRIGGER posts_undo_del BEFORE DELETE ON posts WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('posts', OLD.id,
        json_object('id', OLD.id, 'influencer_id', OLD.influencer_id, 'platform', OLD.platform, 'content_type', OLD.content_type, 'external_id', OLD.external_id, 'posted_at', OLD.posted_at, 'followers', OLD.followers, 'views', OLD.views, 'reach', OLD.reach, 'likes', OLD.likes, 'comments', OLD.comments, 'shares', OLD.shares, 'saves', OLD.saves, 'sponsored', OLD.sponsored, 'source', OLD.source, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'deleted_at', OLD.deleted_at, 'version', OLD.version)); END;

CREATE TRIGGER audience_shares_undo_ins AFTER INSERT ON audience_shares WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('audience_shares', NEW.id, NULL); END;
CREATE TRIGGER audience_shares_undo_upd BEFORE UPDATE ON audience_shares WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('audience_shares', OLD.id,
        json_object('id', OLD.id, 'influencer_id', OLD.influencer_id, 'dimension', OLD.dimension, 'bucket', OLD.bucket, 'share_bps', OLD.share_bps, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER audience_shares_undo_del BEFORE DELETE ON audience_shares WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('audience_shares', OLD.id,
        json_object('id', OLD.id, 'influencer_id', OLD.influencer_id, 'dimension', OLD.dimension, 'bucket', OLD.bucket, 'share_bps', OLD.share_bps, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

CREATE TRIGGER media_kits_undo_ins AFTER INSERT ON media_kits WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('media_kits', NEW.influencer_id, NULL); END;
CREATE TRIGGER media_kits_undo_upd BEFORE UPDATE ON media_kits WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('media_kits', OLD.influencer_id,
        json_object('influencer_id', OLD.influencer_id, 'show_audience', OLD.show_audience, 'show_history', OLD.show_history, 'headline', OLD.headline, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;
CREATE TRIGGER media_kits_undo_del BEFORE DELETE ON media_kits WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('media_kits', OLD.influencer_id,
        json_object('influencer_id', OLD.influencer_id, 'show_audience', OLD.show_audience, 'show_history', OLD.show_history, 'headline', OLD.headline, 'updated_at', OLD.updated_at, 'version', OLD.version)); END;

CREATE TRIGGER influencer_stats_undo_ins AFTER INSERT ON influencer_stats WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('influencer_stats', NEW.influencer_id, NULL); END;
CREATE TRIGGER influencer_stats_undo_upd BEFORE UPDATE ON influencer_stats WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('influencer_stats', OLD.influencer_id,
        json_object('influencer_id', OLD.influencer_id, 'followers', OLD.followers, 'posts_90d', OLD.posts_90d, 'er_followers', OLD.er_followers, 'er_views', OLD.er_views, 'avg_views', OLD.avg_views, 'avg_likes', OLD.avg_likes, 'avg_comments', OLD.avg_comments, 'growth_30d', OLD.growth_30d, 'posts_per_week', OLD.posts_per_week, 'size_tier', OLD.size_tier, 'perf_tier', OLD.perf_tier, 'segment', OLD.segment, 'risk_score', OLD.risk_score, 'risk_reasons', OLD.risk_reasons, 'predicted_er', OLD.predicted_er, 'predicted_views', OLD.predicted_views, 'on_time_rate', OLD.on_time_rate, 'series', OLD.series, 'by_type', OLD.by_type, 'best_slot', OLD.best_slot, 'model_version', OLD.model_version, 'computed_at', OLD.computed_at, 'version', OLD.version)); END;
CREATE TRIGGER influencer_stats_undo_del BEFORE DELETE ON influencer_stats WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('influencer_stats', OLD.influencer_id,
        json_object('influencer_id', OLD.influencer_id, 'followers', OLD.followers, 'posts_90d', OLD.posts_90d, 'er_followers', OLD.er_followers, 'er_views', OLD.er_views, 'avg_views', OLD.avg_views, 'avg_likes', OLD.avg_likes, 'avg_comments', OLD.avg_comments, 'growth_30d', OLD.growth_30d, 'posts_per_week', OLD.posts_per_week, 'size_tier', OLD.size_tier, 'perf_tier', OLD.perf_tier, 'segment', OLD.segment, 'risk_score', OLD.risk_score, 'risk_reasons', OLD.risk_reasons, 'predicted_er', OLD.predicted_er, 'predicted_views', OLD.predicted_views, 'on_time_rate', OLD.on_time_rate, 'series', OLD.series, 'by_type', OLD.by_type, 'best_slot', OLD.best_slot, 'model_version', OLD.model_version, 'computed_at', OLD.computed_at, 'version', OLD.version)); END;

CREATE TRIGGER analytics_models_undo_ins AFTER INSERT ON analytics_models WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('analytics_models', NEW.id, NULL); END;
CREATE TRIGGER analytics_models_undo_upd BEFORE UPDATE ON analytics_models WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('analytics_models', OLD.id,
        json_object('id', OLD.id, 'model_version', OLD.model_version, 'trained_at', OLD.trained_at, 'rows', OLD.rows, 'metrics', OLD.metrics, 'params', OLD.params, 'version', OLD.version)); END;
CREATE TRIGGER analytics_models_undo_del BEFORE DELETE ON analytics_models WHEN (SELECT active FROM undo_ctl) = 1 BEGIN
    INSERT INTO undo_log (tbl, pk, old) VALUES ('analytics_models', OLD.id,
        json_object('id', OLD.id, 'model_version', OLD.model_version, 'trained_at', OLD.trained_at, 'rows', OLD.rows, 'metrics', OLD.metrics, 'params', OLD.params, 'version', OLD.version)); END;

UPDATE sync_state SET schema_version = (SELECT MAX(version) FROM schema_migrations WHERE set_name = 'domain');
