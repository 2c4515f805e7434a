import type { Rule } from '../src/engine/rule-api.js';
import titleDuplicate from './title/title-duplicate.js';
import titleMissingKeyword from './title/title-missing-keyword.js';
import titleMissing from './title/title-missing.js';
import titleMultiple from './title/title-multiple.js';
import titleSameAsH1 from './title/title-same-as-h1.js';
import titleTooLong from './title/title-too-long.js';
import titleTooShort from './title/title-too-short.js';
import titleTooWide from './title/title-too-wide.js';
import metaDescriptionDuplicate from './meta/meta-description-duplicate.js';
import metaDescriptionMissingKeyword from './meta/meta-description-missing-keyword.js';
import metaDescriptionMissing from './meta/meta-description-missing.js';
import metaDescriptionMultiple from './meta/meta-description-multiple.js';
import metaDescriptionTooLong from './meta/meta-description-too-long.js';
import metaDescriptionTooShort from './meta/meta-description-too-short.js';
import metaDescriptionTooWide from './meta/meta-description-too-wide.js';
import h1Duplicate from './headings/h1-duplicate.js';
import h1Missing from './headings/h1-missing.js';
import h1Multiple from './headings/h1-multiple.js';
import h1TooLong from './headings/h1-too-long.js';
import headingLevelSkipped from './headings/heading-level-skipped.js';
import headingsMissing from './headings/headings-missing.js';
import contentNearDuplicate from './content/content-near-duplicate.js';
import contentThin from './content/content-thin.js';
import keywordDensity from './content/keyword-density.js';
import imageAltMissing from './images/image-alt-missing.js';
import linkBroken from './links/link-broken.js';
import linkTextNonDescriptive from './links/link-text-non-descriptive.js';
import linkUncrawlable from './links/link-uncrawlable.js';
import canonicalInvalid from './indexing/canonical-invalid.js';
import canonicalMissing from './indexing/canonical-missing.js';
import canonicalPointsElsewhere from './indexing/canonical-points-elsewhere.js';
import noindex from './indexing/noindex.js';
import hreflangInvalid from './i18n/hreflang-invalid.js';
import hreflangNoReturnLink from './i18n/hreflang-no-return-link.js';
import hreflangNoSelfReference from './i18n/hreflang-no-self-reference.js';
import hreflangXDefaultMissing from './i18n/hreflang-x-default-missing.js';
import hreflangLangMismatch from './i18n/hreflang-lang-mismatch.js';
import htmlLangMissing from './i18n/html-lang-missing.js';
import viewportMissing from './mobile/viewport-missing.js';
import structuredDataInvalid from './structured-data/structured-data-invalid.js';
import ogMissing from './social/og-missing.js';
import blockedByRobots from './web/blocked-by-robots.js';
import imageAltTooLong from './images/image-alt-too-long.js';
import imageSizeMissing from './images/image-size-missing.js';
import domTooLarge from './content/dom-too-large.js';
import metaInBody from './indexing/meta-in-body.js';
import pictureImgMissing from './images/picture-img-missing.js';
import snippetBlocked from './indexing/snippet-blocked.js';
import htmlIdDuplicate from './content/html-id-duplicate.js';
import formInsecure from './links/form-insecure.js';
import linkInsecure from './links/link-insecure.js';
import linkInternalNofollow from './links/link-internal-nofollow.js';
import linkLocalhost from './links/link-localhost.js';
import linksTooMany from './links/links-too-many.js';
import pageNotHttps from './url/page-not-https.js';
import urlMultipleSlashes from './url/url-multiple-slashes.js';
import urlSpace from './url/url-space.js';
import urlTooLong from './url/url-too-long.js';
import urlUnderscore from './url/url-underscore.js';
import urlUppercase from './url/url-uppercase.js';
import httpStatusError from './web/http-status-error.js';
import linkToRedirect from './web/link-to-redirect.js';
import llmsTxtInvalid from './web/llms-txt-invalid.js';
import orphanPage from './web/orphan-page.js';
import pageTooDeep from './web/page-too-deep.js';
import soft404 from './web/soft-404.js';
import jsChangesTitle from './web/js-changes-title.js';
import jsChangesMetaDescription from './web/js-changes-meta-description.js';
import jsChangesCanonical from './web/js-changes-canonical.js';
import jsChangesRobots from './web/js-changes-robots.js';
import jsOnlyLinks from './web/js-only-links.js';
import jsOnlyContent from './content/js-only-content.js';
import renderError from './web/render-error.js';
import jsRedirect from './web/js-redirect.js';
import imageTooLarge from './images/image-too-large.js';
import responseSlow from './web/response-slow.js';
import securityHeadersMissing from './web/security-headers-missing.js';
import pageDeadEnd from './links/page-dead-end.js';
import redirectChain from './web/redirect-chain.js';
import robotsTxtInvalid from './web/robots-txt-invalid.js';
import sitemapNonIndexable from './web/sitemap-non-indexable.js';

/** Every rule, explicitly: adding a rule is one file and one line here. */
const registry = [
  titleDuplicate,
  titleMissingKeyword,
  titleMissing,
  titleMultiple,
  titleSameAsH1,
  titleTooLong,
  titleTooShort,
  titleTooWide,
  metaDescriptionDuplicate,
  metaDescriptionMissingKeyword,
  metaDescriptionMissing,
  metaDescriptionMultiple,
  metaDescriptionTooLong,
  metaDescriptionTooShort,
  metaDescriptionTooWide,
  h1Duplicate,
  h1Missing,
  h1Multiple,
  h1TooLong,
  headingLevelSkipped,
  headingsMissing,
  contentNearDuplicate,
  contentThin,
  keywordDensity,
  imageAltMissing,
  linkBroken,
  linkTextNonDescriptive,
  linkUncrawlable,
  canonicalInvalid,
  canonicalMissing,
  canonicalPointsElsewhere,
  noindex,
  hreflangInvalid,
  hreflangNoReturnLink,
  hreflangNoSelfReference,
  hreflangXDefaultMissing,
  hreflangLangMismatch,
  htmlLangMissing,
  viewportMissing,
  structuredDataInvalid,
  ogMissing,
  blockedByRobots,
  httpStatusError,
  linkToRedirect,
  llmsTxtInvalid,
  orphanPage,
  redirectChain,
  robotsTxtInvalid,
  sitemapNonIndexable,
  imageAltTooLong,
  imageSizeMissing,
  domTooLarge,
  htmlIdDuplicate,
  metaInBody,
  pictureImgMissing,
  snippetBlocked,
  formInsecure,
  linkInsecure,
  linkInternalNofollow,
  linkLocalhost,
  linksTooMany,
  pageNotHttps,
  urlMultipleSlashes,
  urlSpace,
  urlTooLong,
  urlUnderscore,
  urlUppercase,
  pageDeadEnd,
  pageTooDeep,
  responseSlow,
  securityHeadersMissing,
  imageTooLarge,
  soft404,
  jsChangesTitle,
  jsChangesMetaDescription,
  jsChangesCanonical,
  jsChangesRobots,
  jsOnlyLinks,
  jsOnlyContent,
  renderError,
  jsRedirect,
] as const;

/** Every rule's id: a rule id written anywhere else is checked against this list by the compiler. */
export type RuleId = (typeof registry)[number]['id'];

export const rules: readonly Rule[] = registry;
