# Prints the reference values in devig.test.ts: the R package `implied` (Lindstrøm, github
# opisthokonta/implied, version 0.6) with its root finders run to 1e-15 instead of their default
# of about 1e-4, so each value is the exact solution of the package's formula.
# Usage: Rscript devig.reference.R path/to/implied/R/implied_probabilities.R
source(commandArgs(trailingOnly = TRUE)[1])
rows <- list(c(4.20, 3.70, 1.95), c(2.45, 3.70, 2.90), c(2.05, 3.20, 3.80),
             c(1.595, 3.990, 6.760), c(1.19, 7.0, 14.0), c(1.5, 2.6), c(1.2, 4.5), c(1.8, 2.0),
             1 / c(0.870, 0.2, 0.1, 0.05, 0.02, 0.01))
tight <- list(tol = 1e-15, maxiter = 10000)
fmt <- function(x) paste(sprintf('%.17g', x), collapse = ', ')
for (o in rows) {
  cat('odds:', fmt(o), '\n')
  for (m in c('basic', 'additive', 'power', 'or')) {
    r <- suppressWarnings(implied_probabilities(o, method = m, uniroot_options = tight))
    cat(sprintf('  %-9s %s\n', m, fmt(r$probabilities)))
  }
  r <- implied_probabilities(o, method = 'shin', shin_method = 'uniroot', uniroot_options = tight)
  cat(sprintf('  %-9s %s  z = %s\n', 'shin', fmt(r$probabilities), fmt(r$zvalues)))
}
