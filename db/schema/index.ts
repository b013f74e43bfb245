export * from "./org";
export * from "./auth";
export * from "./audit";
export * from "./training";
export * from "./quiz";
export * from "./learning";
export * from "./practice";
export * from "./completion";
