# Warning flags shared by every sitbone target.
function(sitbone_set_warnings target)
  # -Wshadow=local is GCC's; clang's nearest is -Wshadow (which also flags
  # members shadowed by parameters, so it is not turned on there).
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers
                         $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>)
  if(SITBONE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
