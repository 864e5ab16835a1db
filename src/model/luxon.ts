import { Settings } from "luxon";

/**
 * luxon, as every module of the project uses it: with its locale set, so no
 * date asks the system for one. Without it the first DateTime has luxon build
 * an `Intl.DateTimeFormat` to learn the system's locale, and the first `Intl`
 * object of a process has ICU list every locale it holds: some 110 million
 * instructions (an eighth of `kpis` on an empty store) in every command that
 * handles a date. The
 * project writes dates only with numeric tokens and ISO forms, which read the
 * same in every locale.
 */
Settings.defaultLocale = "en-US";

export { DateTime, Duration } from "luxon";
