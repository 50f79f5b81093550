/** One well-formed request per message type (the type makes a missing one a compile error). */
import { PAGE_KINDS, type MessageData, type MessageType, type PageReport } from '../../src/shared/messages';

export const AUTHORIZE = { clientId: '5c9e8a2e-7f3b-4d1a-9b6e-2f4c8d1e0a17', scopes: ['openid', 'Calendars.Read'], redirectUri: 'https://app.rox.com/integrations/microsoft/callback', loginHint: 'megan@fabrikam.com', tenant: 'organizations' };

export const report = (kind: PageReport['kind'], extra: Partial<PageReport> = {}): PageReport => ({ kind, url: 'https://login.microsoftonline.com/common/reprocess', ...extra });

export const SAMPLES: { [K in MessageType]: MessageData<K> } = {
  'page-detected': report('approval-required', {
    appName: 'Rox 365 Integration',
    publisher: 'Rox Data Corp.',
    verified: true,
    permissions: ['Read your calendars'],
    upn: 'megan@fabrikam.com',
    errorCode: '90094',
  }),
  'get-tab-context': { navigation: 'back_forward' },
  'inject-ui': {},
  'set-minimised': { key: 'megan@fabrikam.com|rox|outlook-calendar', minimised: true },
  'connect-clicked': { integration: 'outlook-calendar', state: 'abc123' },
  'justification-submitted': { justification: 'Please approve Rox 365 Integration.' },
  'get-flows': {},
  'forget-flow': { key: 'megan@fabrikam.com|rox|outlook-calendar' },
  'check-now': { key: 'megan@fabrikam.com|rox|outlook-calendar', interactive: true },
  'return-to-rox': { key: 'megan@fabrikam.com|rox|outlook-calendar' },
  'get-settings': {},
  'save-settings': { justificationTemplate: 'Rox needs {integration}.', expiryDays: 30, approvalChecks: true, checkIntervalMinutes: 60, notifications: true, roxOrigins: ['https://rox.example'] },
  'forget-all-data': {},
  'get-diagnostics': { tabId: 7 },
};

export { PAGE_KINDS };
