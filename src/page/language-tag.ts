/** Validation of `<html lang>` and `hreflang` values, shared by the i18n rules. */
import { detach } from './detach.js';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
const scriptNames = new Intl.DisplayNames(['en'], { type: 'script', fallback: 'none' });
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/**
 * ISO 3166-1 alpha-2, officially assigned codes. Written out because ICU's region names also
 * know aliases and groupings search engines reject in hreflang (UK, EU, UN, XK, ZZ…).
 */
const ISO_3166_ALPHA2 = new Set(
  ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '),
);

/** Codes people write that ISO 3166-1 spells differently. */
const REGION_MISTAKES: Record<string, string> = { UK: 'GB' };

/** The primary language subtag, when ICU has a name for it ("und" and "xx" have none). */
function knownLanguage(tag: string): boolean {
  const language = tag.split('-')[0] ?? '';
  return languageNames.of(language) !== undefined;
}

/**
 * Why a value cannot serve as `<html lang>`, as a phrase to follow the quoted value in a
 * message, or undefined when it is a well-formed BCP 47 tag whose language exists.
 */
export function langProblem(value: string): string | undefined {
  // Every page of a site has the same lang: ICU's checks run once per distinct value.
  let problem = langProblems.get(value);
  if (problem === undefined) {
    problem = findLangProblem(value) ?? null;
    if (langProblems.size >= 1000) langProblems.clear();
    langProblems.set(detach(value), problem);
  }
  return problem ?? undefined;
}

const langProblems = new Map<string, string | null>();

function findLangProblem(value: string): string | undefined {
  try {
    Intl.getCanonicalLocales(value);
  } catch {
    return 'is not a well-formed BCP 47 language tag (e.g. "en", "en-GB", "pt-BR")';
  }
  if (!knownLanguage(value)) return 'does not start with a known ISO 639 language code';
  return undefined;
}

/** language, optional script, optional region: all hreflang may hold. */
const HREFLANG_SHAPE = /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?$/i;

/**
 * Why a value is not a valid hreflang code, as a phrase to follow the quoted value in a
 * message, or undefined when it is "x-default" or language[-Script][-REGION].
 */
export function hreflangProblem(value: string): string | undefined {
  if (value !== value.trim()) return 'has white space around the code, which search engines do not strip';
  if (value.toLowerCase() === 'x-default') return undefined;
  if (value.includes('_')) return 'uses "_" where language codes use "-" (e.g. "en-GB")';
  try {
    Intl.getCanonicalLocales(value);
  } catch {
    return 'is not a well-formed language code';
  }
  const shape = HREFLANG_SHAPE.exec(value);
  if (!shape) return 'is not a language code with an optional script and region (e.g. "de", "en-GB", "zh-Hant-TW")';
  const [, language = '', script, region] = shape;
  if (languageNames.of(language) === undefined) return `names an unknown language "${language}" (ISO 639)`;
  if (script !== undefined && scriptNames.of(script) === undefined) return `names an unknown script "${script}" (ISO 15924)`;
  if (region !== undefined) {
    const upper = region.toUpperCase();
    const fix = REGION_MISTAKES[upper];
    if (fix !== undefined) return `names region "${region}", which is not an ISO 3166-1 code (use "${fix}")`;
    const known = /^[0-9]/.test(upper) ? regionNames.of(upper) !== undefined : ISO_3166_ALPHA2.has(upper);
    if (!known) return `names region "${region}", which is neither an ISO 3166-1 alpha-2 code nor a UN M.49 area code`;
  }
  return undefined;
}
