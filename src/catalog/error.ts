// The one error the catalog raises: which file, which entry, which field, and what is wrong.

export class CatalogError extends Error {
  readonly code = 'LC_ERR_CATALOG_INVALID';

  constructor(
    readonly file: string,
    readonly index: number | undefined,
    readonly field: string | undefined,
    readonly detail: string,
  ) {
    const at = index === undefined ? '' : `[${index}]`;
    const path = field ? `.${field}` : '';
    super(`${file}${at}${path}: ${detail}`);
    this.name = 'CatalogError';
  }

  /** The same error with the file named relative to its directory (`catalog/books.json`). */
  in(dir: string): CatalogError {
    return new CatalogError(`${dir}/${this.file}`, this.index, this.field, this.detail);
  }
}
