# Warning flags shared by every sitbone target.
function(sitbone_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wno-missing-field-initializers)
  if(SITBONE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
