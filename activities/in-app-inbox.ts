// The inbox file is shared with the API, which reads it (runtime/in-app-inbox.ts).
export { InAppInbox, addressedTo, inboxFile, type InboxNotice } from '../runtime/in-app-inbox';
