/**
 * Every card action verb. Card JSON under cards/ uses these strings in `Action.Execute`
 * (`verb`) or `Action.Submit` (`data.verb`); a test checks both sides agree.
 */
export const verbs = {
  showHelp: 'help.show',
  /** Policy Q&A: show the whole section an answer quotes. */
  qaSection: 'qa.section',
  /** Policy Q&A: "was this helpful?" */
  qaFeedback: 'qa.feedback',
  /** Policy Q&A: the asker chose to share an unanswered question with the safeguarding team. */
  qaShare: 'qa.share',
  /** Asks the on-duty DSLs for a conversation (a consultation, not a concern): DSL triage answers it. */
  talkToDsl: 'consult.start',
  /** Opens the raise-a-concern flow; any card (e.g. a Q&A answer) may offer it. */
  startConcern: 'concern.start',
  concernNext: 'concern.next',
  concernBack: 'concern.back',
  concernSave: 'concern.save',
  concernCancel: 'concern.cancel',
  concernDiscard: 'concern.discard',
  concernEdit: 'concern.edit',
  concernSubmit: 'concern.submit',
  concernResume: 'concern.resume',
  myConcerns: 'concern.list',
  /** DSL triage: every verb below is checked against the DSL role (or the reporter) in its handler. */
  triageAcknowledge: 'triage.acknowledge',
  triageAssign: 'triage.assign',
  triageOpenRecord: 'triage.open',
  triageShowCard: 'triage.show',
  triageNote: 'triage.note',
  triageRequestInfo: 'triage.request-info',
  triageAnswerInfo: 'triage.answer-info',
  triageDecision: 'triage.decision',
  triageRefer: 'triage.refer',
  triageClose: 'triage.close',
  triageReopen: 'triage.reopen',
  consultRequest: 'consult.request',
  consultTake: 'consult.take',
  /** Announcements (coordinators): compose, preview, send or schedule, approve, stop, recall, edit. */
  announcementNew: 'announcement.new',
  announcementPreview: 'announcement.preview',
  announcementEdit: 'announcement.edit',
  announcementSend: 'announcement.send',
  announcementCancel: 'announcement.cancel',
  announcementApprove: 'announcement.approve',
  announcementStop: 'announcement.stop',
  announcementRecall: 'announcement.recall',
  announcementUpdate: 'announcement.update',
  /** Any recipient: "I've read this". */
  announcementAcknowledge: 'announcement.ack',
  /** Coordinators and DSLs: reach and acknowledgement, and the CSV export. */
  announcementReport: 'announcement.report',
  announcementExport: 'announcement.export',
  announcementList: 'announcement.list',
  /** Quarterly report (coordinators and DSLs): a quarter, one section of it, its CSV files. */
  reportShow: 'report.show',
  reportSection: 'report.section',
  reportCsv: 'report.csv',
  /** DSLs only: the concerns behind a figure (each listing goes in the concern's chronology). */
  reportDrill: 'report.drill',
} as const;

export type Verb = (typeof verbs)[keyof typeof verbs];

export const allVerbs: ReadonlySet<string> = new Set(Object.values(verbs));
