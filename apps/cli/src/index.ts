export { migrate } from "./commands/migrate.ts"
