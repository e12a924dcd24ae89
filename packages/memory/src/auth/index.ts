export * from "./StaticAuth.ts"
