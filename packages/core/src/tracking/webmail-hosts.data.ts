import type { ReferrerSite } from './referrer-site.ts';

// Webmail hosts and mail apps: a referral from one of these is someone clicking a link in an
// email. These are hosts, not registrable domains — mail.google.com is email, google.com is
// search — so the email rule must come before the search rule. Written for mops from general knowledge.
export const WEBMAIL_HOSTS: readonly ReferrerSite[] = [
  { name: 'gmail', domains: ['mail.google.com', 'inbox.google.com', 'com.google.android.gm'] },
  { name: 'outlook', domains: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft', 'com.microsoft.office.outlook'] },
  { name: 'yahoo_mail', domains: ['mail.yahoo.com', 'mail.yahoo.co.jp', 'com.yahoo.mobile.client.android.mail'] },
  { name: 'aol_mail', domains: ['mail.aol.com'] },
  { name: 'icloud_mail', domains: ['icloud.com'] },
  { name: 'proton_mail', domains: ['mail.proton.me', 'mail.protonmail.com', 'ch.protonmail.android'] },
  { name: 'zoho_mail', domains: ['mail.zoho.com', 'mail.zoho.eu', 'mail.zoho.in'] },
  { name: 'yandex_mail', domains: ['mail.yandex.ru', 'mail.yandex.com'] },
  { name: 'mail_ru', domains: ['e.mail.ru', 'mail.ru'] },
  { name: 'gmx', domains: ['gmx.net', 'gmx.com', 'gmx.de', 'web.de'] },
  { name: 'fastmail', domains: ['fastmail.com', 'app.fastmail.com'] },
  { name: 'hey', domains: ['app.hey.com'] },
  { name: 'qq_mail', domains: ['mail.qq.com'] },
  { name: 'netease_mail', domains: ['mail.163.com', 'mail.126.com'] },
  { name: 'superhuman', domains: ['mail.superhuman.com'] },
];
