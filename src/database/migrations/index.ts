import { CreateFoundation1764165600000 } from './1764165600000-CreateFoundation.js';
import { AssignEventSeqAtCommit1764190000000 } from './1764190000000-AssignEventSeqAtCommit.js';
import { MakeEventLogContextFree1764200000000 } from './1764200000000-MakeEventLogContextFree.js';
import { AddCollaborationAdminAndSessions1764210000000 } from './1764210000000-AddCollaborationAdminAndSessions.js';
import { CreateSettings1764300000000 } from './1764300000000-CreateSettings.js';
import { CreateConcernTalks1764400000000 } from './1764400000000-CreateConcernTalks.js';
import { CreateEfforts1764500000000 } from './1764500000000-CreateEfforts.js';
import { CreateMeetings1764600000000 } from './1764600000000-CreateMeetings.js';
import { AddTriage1764700000000 } from './1764700000000-AddTriage.js';
import { CreatePictures1764850000000 } from './1764850000000-CreatePictures.js';
import { CreateCrimeStats1796324629129 } from './1796324629129-CreateCrimeStats.js';
import { IndexOpenReports1796400000000 } from './1796400000000-IndexOpenReports.js';
import { CreatePromises1796500000000 } from './1796500000000-CreatePromises.js';
// ---- e-mail: the outbox, alerts and digests, password reset links ----
import { CreateMailOutbox1796600000000 } from './1796600000000-CreateMailOutbox.js';
import { CreateAlerts1796600100000 } from './1796600100000-CreateAlerts.js';
import { CreatePasswordResetTokens1796600200000 } from './1796600200000-CreatePasswordResetTokens.js';
import { AddOidcSignIn1796700000000 } from './1796700000000-AddOidcSignIn.js';
import { AddCollaborationCategoriesAndGeographyVersions1796800000000 } from './1796800000000-AddCollaborationCategoriesAndGeographyVersions.js';

/** Listed explicitly: glob loading of migration files does not work under native ESM and Jest alike. */
export const MIGRATIONS = [
  CreateFoundation1764165600000, AssignEventSeqAtCommit1764190000000, MakeEventLogContextFree1764200000000,
  AddCollaborationAdminAndSessions1764210000000, CreateSettings1764300000000, CreateConcernTalks1764400000000, CreateEfforts1764500000000,
  CreateMeetings1764600000000, AddTriage1764700000000,
  CreatePictures1764850000000,
  CreateCrimeStats1796324629129, IndexOpenReports1796400000000,
  CreatePromises1796500000000,
  CreateMailOutbox1796600000000, CreateAlerts1796600100000, CreatePasswordResetTokens1796600200000,
  AddOidcSignIn1796700000000,
  // The collaboration's categories; versions of areas and places (the admin screens).
  AddCollaborationCategoriesAndGeographyVersions1796800000000,
];
