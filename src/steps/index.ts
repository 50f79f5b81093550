/** Every guided step, in one list. A meta test checks each is here, has fixtures and has its strings. */
import { step as approvalRequired } from './user/approval-required';
import { step as consentPrompt } from './user/consent-prompt';
import { step as needAdminApproval } from './user/need-admin-approval';
import { step as requestSent } from './user/request-sent';
import { step as roxCallback } from './user/rox-callback';
import { step as roxIntegrations } from './user/rox-integrations';
import type { Step } from './types';

export const SIGN_IN_STEPS: readonly Step[] = [approvalRequired, requestSent, needAdminApproval, consentPrompt];
export const ROX_STEPS: readonly Step[] = [roxIntegrations, roxCallback];
