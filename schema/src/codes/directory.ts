import { codeList } from './codeList';

export const ContactRole = codeList(
  'ContactRole',
  [
    'NATIONAL_COORDINATOR',
    'NRM_FOCAL_POINT',
    'CHILD_REFERRAL_FOCAL_POINT',
    'ASSISTANCE_CONTACT',
    'POLICE_CONTACT',
    'RAPPORTEUR',
    'HOTLINE',
  ] as const,
  {
    description: 'Function of a contact point in the network.',
    source: 'Nordic network proposal; Directive 2024/1712 national focal point for referral',
  },
);
export type ContactRole = (typeof ContactRole)[keyof typeof ContactRole];

export const SecureChannel = codeList(
  'SecureChannel',
  ['GATEWAY_ONLY', 'SIENA', 'INTERPOL_I247', 'NORDIC_POLICE_LIAISON', 'ENCRYPTED_EMAIL', 'PHONE'] as const,
  {
    description:
      'The channel through which unit-level data may actually be sent to this contact point (police exchange stays on police channels).',
    source: 'Nordic network proposal; Europol SIENA; Interpol I-24/7',
  },
);
export type SecureChannel = (typeof SecureChannel)[keyof typeof SecureChannel];
