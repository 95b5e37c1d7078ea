package desktop

import (
	"bytes"
	"path/filepath"

	"iescp/backend/analytics"
	"iescp/backend/domain"
	"iescp/backend/mutate"
	"iescp/backend/postimport"
	"iescp/backend/queries"
	"iescp/backend/report"
)

// PostHistoryService's audience breakdown and media kit (the profile's Audience
// and Media kit tabs).

// AudienceImportReport is what an audience import did: the dimensions set (each
// an audience.set) with their buckets, and the rows refused.
type AudienceImportReport struct {
	Dimensions []string             `json:"dimensions"`
	Buckets    int                  `json:"buckets"`
	Refused    []postimport.Refused `json:"refused"`
}

// MediaKitView is the media kit's choices and what sponsors see of it (the PDF's
// content).
type MediaKitView struct {
	Kit     domain.MediaKit `json:"kit"`
	Preview report.MediaKit `json:"preview"`
	Limits  MediaKitLimits  `json:"limits"`
}

// MediaKitLimits are the bounds the media kit form checks.
type MediaKitLimits struct {
	MaxHeadline int `json:"max_headline"`
}

// Audience is the influencer's audience breakdown (the buckets with a share).
func (ps *PostHistoryService) Audience() ([]domain.AudienceShare, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return nil, toUI(err)
	}
	out, err := queries.OwnAudience(ctx, sess.db.R, viewer(sess))
	return out, toUI(err)
}

// SetAudience replaces one dimension of the breakdown (audience.set).
func (ps *PostHistoryService) SetAudience(a mutate.AudienceSet) error { return ps.s.act(&a) }

// ImportAudience reads an audience file (base64; postimport.ParseAudience) and
// sets each dimension it accepted (one audience.set each). A dimension refused
// whole (bad_sum) is left as it was.
func (ps *PostHistoryService) ImportAudience(content string) (AudienceImportReport, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return AudienceImportReport{}, toUI(err)
	}
	b, err := decodeFile(content)
	if err != nil {
		return AudienceImportReport{}, toUI(err)
	}
	shares, refused, err := postimport.ParseAudience(bytes.NewReader(b))
	if err != nil {
		return AudienceImportReport{}, toUI(err)
	}
	rep := AudienceImportReport{Dimensions: []string{}, Refused: refused}
	if rep.Refused == nil {
		rep.Refused = []postimport.Refused{}
	}
	byDim := map[string][]mutate.AudienceBucket{}
	for _, s := range shares {
		byDim[s.Dimension] = append(byDim[s.Dimension], mutate.AudienceBucket{Bucket: s.Bucket, ShareBps: s.ShareBps})
	}
	for _, dim := range []string{mutate.DimensionCountry, mutate.DimensionAge, mutate.DimensionGender} {
		if len(byDim[dim]) == 0 {
			continue
		}
		if _, err := ps.s.apply(ctx, sess, &mutate.AudienceSet{Dimension: dim, Buckets: byDim[dim]}); err != nil {
			return AudienceImportReport{}, toUI(err)
		}
		rep.Dimensions = append(rep.Dimensions, dim)
		rep.Buckets += len(byDim[dim])
	}
	return rep, nil
}

// MediaKit is the influencer's media kit choices and the preview of what it makes
// public (what the PDF prints).
func (ps *PostHistoryService) MediaKit() (MediaKitView, error) {
	kit, preview, err := ps.mediaKit()
	if err != nil {
		return MediaKitView{}, err
	}
	return MediaKitView{Kit: kit, Preview: preview, Limits: MediaKitLimits{MaxHeadline: mutate.MaxHeadline}}, nil
}

func (ps *PostHistoryService) mediaKit() (domain.MediaKit, report.MediaKit, error) {
	ctx, sess, err := ps.s.begin()
	if err != nil {
		return domain.MediaKit{}, report.MediaKit{}, toUI(err)
	}
	v := viewer(sess)
	kit, err := queries.OwnMediaKit(ctx, sess.db.R, v)
	if err != nil {
		return domain.MediaKit{}, report.MediaKit{}, toUI(err)
	}
	prof, err := queries.OwnMediaKitProfile(ctx, sess.db.R, v)
	if err != nil {
		return domain.MediaKit{}, report.MediaKit{}, toUI(err)
	}
	posts, err := queries.OwnPostHistory(ctx, sess.db.R, v)
	if err != nil {
		return domain.MediaKit{}, report.MediaKit{}, toUI(err)
	}
	rows, err := queries.OwnAudience(ctx, sess.db.R, v)
	if err != nil {
		return domain.MediaKit{}, report.MediaKit{}, toUI(err)
	}
	aud := make([]analytics.AudienceShare, len(rows))
	for i, r := range rows {
		aud[i] = analytics.AudienceShare{Dimension: r.Dimension, Bucket: r.Bucket, ShareBps: r.ShareBps}
	}
	return kit, report.BuildMediaKit(report.MediaKitInput{Name: prof.Name, Category: prof.Category, Niche: prof.Niche,
		Kit: kit, Posts: posts, Audience: aud, Now: ps.s.cfg.Now()}), nil
}

// UpdateMediaKit changes the media kit's choices (mediaKit.update).
func (ps *PostHistoryService) UpdateMediaKit(a mutate.MediaKitUpdate) error { return ps.s.act(&a) }

// SaveMediaKitPDF asks where to save the media kit (the native save dialog) and
// writes its PDF there; a cancelled dialog answers an empty SavedFile and no error.
func (ps *PostHistoryService) SaveMediaKitPDF() (SavedFile, error) {
	_, preview, err := ps.mediaKit()
	if err != nil {
		return SavedFile{}, err
	}
	ds := DocumentsService{s: ps.s}
	path, err := ds.ask(preview.FileBase()+".pdf", ".pdf")
	if err != nil || path == "" {
		return SavedFile{}, err
	}
	pdf, err := preview.PDF()
	if err != nil {
		return SavedFile{}, toUI(err)
	}
	if filepath.Ext(path) == "" {
		path += ".pdf"
	}
	return save(path, ".pdf", pdf)
}
