export { authPortContract, type AuthPortFixture } from "./AuthPortContract.ts"
