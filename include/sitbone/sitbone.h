// Umbrella header: everything a client of the sitbone library needs.
#ifndef SITBONE_SITBONE_H_
#define SITBONE_SITBONE_H_

#include "sitbone/assessment.h"  // IWYU pragma: export
#include "sitbone/audit_log.h"   // IWYU pragma: export
#include "sitbone/batch.h"       // IWYU pragma: export
#include "sitbone/diagnostic.h"  // IWYU pragma: export
#include "sitbone/evaluation.h"  // IWYU pragma: export
#include "sitbone/render.h"      // IWYU pragma: export
#include "sitbone/rule_set.h"    // IWYU pragma: export
#include "sitbone/rule_set_handle.h"  // IWYU pragma: export
#include "sitbone/rule_tests.h"  // IWYU pragma: export
#include "sitbone/schema.h"      // IWYU pragma: export
#include "sitbone/status.h"      // IWYU pragma: export
#include "sitbone/version.h"     // IWYU pragma: export

#endif  // SITBONE_SITBONE_H_
