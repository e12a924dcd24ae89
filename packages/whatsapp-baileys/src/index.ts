/**
 * @wagate/whatsapp-baileys — the WhatsApp transport on @whiskeysockets/baileys.
 */
export * from "./BaileysOptions.ts"
export * from "./BaileysWhatsApp.ts"
export { resumeLinkedSessions } from "./sessions/resumeLinkedSessions.ts"
