/** The formats `billing statement --format` writes. */
export const FORMATS = ['csv', 'focus', 'pdf'] as const;
