/** Every page kind's own detector, by kind (the table the detector tests and the fuzz run over). */
import { isAdminApps, isAdminConsentSettings, isAdminPermissions, isAdminRequests } from '../../src/detect/admin';
import { isRoxCallback, isRoxIntegrations } from '../../src/detect/rox';
import { isAdminConsent, isApprovalRequired, isConsentError, isNeedAdminApproval, isRequestSent, isUserConsent } from '../../src/detect/signin';
import type { Detector, PageKind } from '../../src/detect/types';

export const DETECTORS: Record<PageKind, Detector> = {
  'approval-required': isApprovalRequired,
  'request-sent': isRequestSent,
  'need-admin-approval': isNeedAdminApproval,
  'consent-error': isConsentError,
  'admin-consent': isAdminConsent,
  'user-consent': isUserConsent,
  'rox-integrations': isRoxIntegrations,
  'rox-callback': isRoxCallback,
  'admin-permissions': isAdminPermissions,
  'admin-requests': isAdminRequests,
  'admin-consent-settings': isAdminConsentSettings,
  'admin-apps': isAdminApps,
};
