# Runs one example and compares its standard output with the expected output,
# byte for byte. Used by examples/CMakeLists.txt as
#   cmake -DEXAMPLE=<program> -DEXPECTED=<file> -DACTUAL=<file> -DARGS=<a;b> -P run_example.cmake
# On a mismatch the actual output is kept in ACTUAL so it can be diffed (or,
# after review, copied over the expected file).
foreach(var EXAMPLE EXPECTED ACTUAL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_example.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND ${EXAMPLE} ${ARGS}
                OUTPUT_VARIABLE actual
                ERROR_VARIABLE errors
                RESULT_VARIABLE result)
file(WRITE ${ACTUAL} "${actual}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${EXAMPLE} exited with ${result}\n${errors}")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "the output of ${EXAMPLE} differs from ${EXPECTED}; it was written to ${ACTUAL}:\n"
                      "  diff -u ${EXPECTED} ${ACTUAL}\n${errors}")
endif()
