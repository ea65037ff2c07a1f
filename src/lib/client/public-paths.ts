/** Screens a visitor sees signed out; every other screen stands on a session and the device database. */
const PUBLIC_PATHS: readonly string[] = ['/login', '/signup'];

export const isPublicPath = (pathname: string): boolean => PUBLIC_PATHS.includes(pathname);
