// pdfmake's browser build and its font files ship without types; src/lib/client/document-pdf.ts
// describes the little of them it uses.
declare module 'pdfmake/build/pdfmake';
declare module 'pdfmake/build/vfs_fonts';
