import type { AppInstaller, AudienceDirectory } from '../../graph/audiences.ts';
import type { FeatureContext } from '../feature.ts';

/** What announcements need beyond the common feature context. */
export interface AnnouncementDeps {
  context: FeatureContext;
  /** Graph audiences (groups, all users); undefined when Graph is not set up. */
  directory: AudienceDirectory | undefined;
  /** Installs the app for people with no chat (Graph); undefined = create the chat through the connector. */
  installer: AppInstaller | undefined;
  /** Re-indexes the policy Q&A after a procedure change stores a new document. */
  reindexKnowledge: (() => Promise<void>) | undefined;
  /** Where a chat found through Graph is reached when the tenant has no stored service URL. */
  defaultServiceUrl: string;
  /** This process, as the owner of the delivery rows it claims. */
  workerId: string;
  /** True once the app is shutting down: loops stop claiming and hand their rows back. */
  stopping(): boolean;
  /** When this process last refreshed each progress card, and its first figures (for the ETA). */
  progress: Map<string, { lastRefresh: number; first: { at: number; done: number } }>;
  /** The progress card update under way for each announcement, if any. */
  refreshing: Map<string, Promise<void>>;
}
