import '@midwayjs/core';

/** What the auth middleware puts on the context for a signed-in request. */
export interface AuthUser {
  id: number;
  phone: string;
  role: 'user' | 'admin';
}

/** A file part of a multipart request, kept in memory (size-capped by the body middleware). */
export interface UploadedFile {
  fieldName: string;
  filename: string;
  declaredType: string;
  data: Buffer;
}

declare module '@midwayjs/core' {
  interface Context {
    requestId: string;
    user?: AuthUser;
    files?: UploadedFile[];
  }
}
