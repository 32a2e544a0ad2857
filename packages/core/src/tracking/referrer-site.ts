/**
 * A site in one of the built-in referrer lists (search engines, social networks, video sites,
 * webmail). The lists are the project's own, written from general knowledge, in `*.data.ts`.
 */
export interface ReferrerSite {
  /** The canonical source name for the site, e.g. `google`, `linkedin`. */
  name: string;
  /** Other ways a `utm_source` names the site (`fb`, `ig`, `li`). Matched after normalisation. */
  aliases?: readonly string[];
  /**
   * Hosts matched with their subdomains (`linkedin.com` also matches `www.linkedin.com`), and
   * Android app ids that arrive as `android-app://com.linkedin.android` referrers.
   */
  domains?: readonly string[];
  /**
   * First labels of a registrable domain that count under any suffix: `google` matches
   * `google.de` and `google.co.uk`. Only for brands that run one site per country.
   */
  labels?: readonly string[];
}
