/** The steps shown on Microsoft's sign-in host. */
import { step as approvalRequired } from './user/approval-required';
import { step as consentPrompt } from './user/consent-prompt';
import { step as needAdminApproval } from './user/need-admin-approval';
import { step as requestSent } from './user/request-sent';
import type { Step } from './types';

export const SIGN_IN_STEPS: readonly Step[] = [approvalRequired, requestSent, needAdminApproval, consentPrompt];
