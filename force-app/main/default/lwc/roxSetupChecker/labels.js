/** The tab's words, as Custom Labels (Setup → Custom Labels) so an org can translate them. */
import ROX_SETUP_TITLE from '@salesforce/label/c.Rox_Setup_Title';
import ROX_SETUP_INTEGRATIONUSER from '@salesforce/label/c.Rox_Setup_IntegrationUser';
import ROX_SETUP_CHECKING from '@salesforce/label/c.Rox_Setup_Checking';
import ROX_SETUP_CHECKINGSHORT from '@salesforce/label/c.Rox_Setup_CheckingShort';
import ROX_SETUP_REFRESH from '@salesforce/label/c.Rox_Setup_Refresh';
import ROX_SETUP_COPYRESULTS from '@salesforce/label/c.Rox_Setup_CopyResults';
import ROX_SETUP_YOU from '@salesforce/label/c.Rox_Setup_You';
import ROX_SETUP_INACTIVE from '@salesforce/label/c.Rox_Setup_Inactive';
import ROX_SETUP_USERNAME from '@salesforce/label/c.Rox_Setup_Username';
import ROX_SETUP_PROFILE from '@salesforce/label/c.Rox_Setup_Profile';
import ROX_SETUP_LICENSE from '@salesforce/label/c.Rox_Setup_License';
import ROX_SETUP_WHYTHISUSER from '@salesforce/label/c.Rox_Setup_WhyThisUser';
import ROX_SETUP_CHECKED from '@salesforce/label/c.Rox_Setup_Checked';
import ROX_SETUP_PICKHINT from '@salesforce/label/c.Rox_Setup_PickHint';
import ROX_SETUP_USERTOCHECK from '@salesforce/label/c.Rox_Setup_UserToCheck';
import ROX_SETUP_SELECTUSER from '@salesforce/label/c.Rox_Setup_SelectUser';
import ROX_SETUP_FINDUSER from '@salesforce/label/c.Rox_Setup_FindUser';
import ROX_SETUP_FINDUSERHELP from '@salesforce/label/c.Rox_Setup_FindUserHelp';
import ROX_SETUP_SEARCHFAILED from '@salesforce/label/c.Rox_Setup_SearchFailed';
import ROX_SETUP_USERSFAILED from '@salesforce/label/c.Rox_Setup_UsersFailed';
import ROX_SETUP_CHECKFAILED from '@salesforce/label/c.Rox_Setup_CheckFailed';
import ROX_SETUP_REQUIREMENTS from '@salesforce/label/c.Rox_Setup_Requirements';
import ROX_SETUP_PROBLEMSONLY from '@salesforce/label/c.Rox_Setup_ProblemsOnly';
import ROX_SETUP_FOUND from '@salesforce/label/c.Rox_Setup_Found';
import ROX_SETUP_WHYITMATTERS from '@salesforce/label/c.Rox_Setup_WhyItMatters';
import ROX_SETUP_HOWTOFIX from '@salesforce/label/c.Rox_Setup_HowToFix';
import ROX_SETUP_WARNING from '@salesforce/label/c.Rox_Setup_Warning';
import ROX_SETUP_NOREQUIREMENTS from '@salesforce/label/c.Rox_Setup_NoRequirements';
import ROX_SETUP_COPIED from '@salesforce/label/c.Rox_Setup_Copied';
import ROX_SETUP_COPIEDHINT from '@salesforce/label/c.Rox_Setup_CopiedHint';
import ROX_SETUP_COPYFAILED from '@salesforce/label/c.Rox_Setup_CopyFailed';
import ROX_SETUP_COPYFAILEDHINT from '@salesforce/label/c.Rox_Setup_CopyFailedHint';
import ROX_SETUP_REFRESHHINT from '@salesforce/label/c.Rox_Setup_RefreshHint';
import ROX_SETUP_STATUSPASS from '@salesforce/label/c.Rox_Setup_StatusPass';
import ROX_SETUP_STATUSWARNING from '@salesforce/label/c.Rox_Setup_StatusWarning';
import ROX_SETUP_STATUSFAIL from '@salesforce/label/c.Rox_Setup_StatusFail';
import ROX_SETUP_STATUSUNKNOWN from '@salesforce/label/c.Rox_Setup_StatusUnknown';
import ROX_SETUP_REASONREQUESTED from '@salesforce/label/c.Rox_Setup_ReasonRequested';
import ROX_SETUP_REASONPERMISSIONSET from '@salesforce/label/c.Rox_Setup_ReasonPermissionSet';
import ROX_SETUP_REASONCURRENTUSER from '@salesforce/label/c.Rox_Setup_ReasonCurrentUser';
import ROX_SETUP_COUNTFAILED from '@salesforce/label/c.Rox_Setup_CountFailed';
import ROX_SETUP_COUNTWARNING from '@salesforce/label/c.Rox_Setup_CountWarning';
import ROX_SETUP_COUNTWARNINGS from '@salesforce/label/c.Rox_Setup_CountWarnings';
import ROX_SETUP_COUNTPASSED from '@salesforce/label/c.Rox_Setup_CountPassed';
import ROX_SETUP_ALLPASSEDONE from '@salesforce/label/c.Rox_Setup_AllPassedOne';
import ROX_SETUP_ALLPASSED from '@salesforce/label/c.Rox_Setup_AllPassed';
import ROX_SETUP_PROBLEMTOFIX from '@salesforce/label/c.Rox_Setup_ProblemToFix';
import ROX_SETUP_PROBLEMSTOFIX from '@salesforce/label/c.Rox_Setup_ProblemsToFix';
import ROX_SETUP_OPENSETUP from '@salesforce/label/c.Rox_Setup_OpenSetup';
import ROX_SETUP_SETUP from '@salesforce/label/c.Rox_Setup_Setup';
import ROX_SETUP_OPENSINNEWTAB from '@salesforce/label/c.Rox_Setup_OpensInNewTab';

export const LABELS = {
  title: ROX_SETUP_TITLE,
  integrationUser: ROX_SETUP_INTEGRATIONUSER,
  checking: ROX_SETUP_CHECKING,
  checkingShort: ROX_SETUP_CHECKINGSHORT,
  refresh: ROX_SETUP_REFRESH,
  copyResults: ROX_SETUP_COPYRESULTS,
  you: ROX_SETUP_YOU,
  inactive: ROX_SETUP_INACTIVE,
  username: ROX_SETUP_USERNAME,
  profile: ROX_SETUP_PROFILE,
  license: ROX_SETUP_LICENSE,
  whyThisUser: ROX_SETUP_WHYTHISUSER,
  checked: ROX_SETUP_CHECKED,
  pickHint: ROX_SETUP_PICKHINT,
  userToCheck: ROX_SETUP_USERTOCHECK,
  selectUser: ROX_SETUP_SELECTUSER,
  findUser: ROX_SETUP_FINDUSER,
  findUserHelp: ROX_SETUP_FINDUSERHELP,
  searchFailed: ROX_SETUP_SEARCHFAILED,
  usersFailed: ROX_SETUP_USERSFAILED,
  checkFailed: ROX_SETUP_CHECKFAILED,
  requirements: ROX_SETUP_REQUIREMENTS,
  problemsOnly: ROX_SETUP_PROBLEMSONLY,
  found: ROX_SETUP_FOUND,
  whyItMatters: ROX_SETUP_WHYITMATTERS,
  howToFix: ROX_SETUP_HOWTOFIX,
  warning: ROX_SETUP_WARNING,
  noRequirements: ROX_SETUP_NOREQUIREMENTS,
  copied: ROX_SETUP_COPIED,
  copiedHint: ROX_SETUP_COPIEDHINT,
  copyFailed: ROX_SETUP_COPYFAILED,
  copyFailedHint: ROX_SETUP_COPYFAILEDHINT,
  refreshHint: ROX_SETUP_REFRESHHINT,
  statusPass: ROX_SETUP_STATUSPASS,
  statusWarning: ROX_SETUP_STATUSWARNING,
  statusFail: ROX_SETUP_STATUSFAIL,
  statusUnknown: ROX_SETUP_STATUSUNKNOWN,
  reasonRequested: ROX_SETUP_REASONREQUESTED,
  reasonPermissionSet: ROX_SETUP_REASONPERMISSIONSET,
  reasonCurrentUser: ROX_SETUP_REASONCURRENTUSER,
  countFailed: ROX_SETUP_COUNTFAILED,
  countWarning: ROX_SETUP_COUNTWARNING,
  countWarnings: ROX_SETUP_COUNTWARNINGS,
  countPassed: ROX_SETUP_COUNTPASSED,
  allPassedOne: ROX_SETUP_ALLPASSEDONE,
  allPassed: ROX_SETUP_ALLPASSED,
  problemToFix: ROX_SETUP_PROBLEMTOFIX,
  problemsToFix: ROX_SETUP_PROBLEMSTOFIX,
  openSetup: ROX_SETUP_OPENSETUP,
  setup: ROX_SETUP_SETUP,
  opensInNewTab: ROX_SETUP_OPENSINNEWTAB,
};

/** A label with {0}, {1}… placeholders filled in, as Salesforce's format() does. */
export function format(label, ...values) {
  return String(label).replace(/\{(\d+)\}/g, (match, i) => (values[i] === undefined ? match : String(values[i])));
}
