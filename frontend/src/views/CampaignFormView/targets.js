// A campaign's target audience (issue 12): countries (ISO 3166-1 alpha-2, named in
// English by Intl.DisplayNames), age bands and platforms, kept by Go as comma lists
// (campaigns.target_countries/target_ages/target_platforms; mutate.CampaignCreate
// validates them: at most 20 countries, the bands of analytics.AgeBands, the platforms
// of analytics.Platforms).
export const AGE_BANDS = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+']
export const PLATFORMS = ['instagram', 'youtube', 'tiktok', 'x', 'other']
export const MAX_COUNTRIES = 20

// Codes Intl names that are not countries (or are reserved), which Go refuses.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'UK', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA', 'CQ'])

let cached = null
/** Every assigned country code with its English name, sorted by name. */
export function countryOptions() {
  if (cached) return cached
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
  const out = []
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b)
      if (NOT_COUNTRIES.has(code)) continue
      let name
      try {
        name = names.of(code)
      } catch {
        name = undefined
      }
      if (name && name !== code) out.push({ code, name })
    }
  }
  cached = out.sort((x, y) => x.name.localeCompare(y.name))
  return cached
}

/** A country code's English name (or the code). */
export function countryName(code) {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

/** "US,DE" → ['US', 'DE']; arrays pass through. */
export function toList(v) {
  if (Array.isArray(v)) return v
  return String(v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The mutation fields of targets {countries, ages, platforms}. */
export function targetFields(tg) {
  return { target_countries: tg.countries.join(','), target_ages: tg.ages.join(','), target_platforms: tg.platforms.join(',') }
}
