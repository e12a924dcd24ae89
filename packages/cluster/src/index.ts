export * from "./ClusterStatus.ts"
