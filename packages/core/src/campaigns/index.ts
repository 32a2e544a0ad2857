export * from './check-campaign-name.ts';
export * from './check-campaign-names.ts';
export * from './compile-naming.ts';
export * from './normalize-utm-campaign.ts';
