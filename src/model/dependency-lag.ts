/** How far an installed version is behind the latest release, by the first version part that differs. */
export const LAGS = ["none", "patch", "minor", "major"] as const;
export type Lag = (typeof LAGS)[number];
