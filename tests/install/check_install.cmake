# `cmake --install` into a temporary prefix, then a project configured and
# built against that tree with find_package(iamtrim), run on a policy.
# Run by ctest (tests/CMakeLists.txt) with BUILD_DIR, SOURCE_DIR, WORK_DIR,
# CXX and LINK_FLAGS (the sanitizer flags of a sanitizer build).
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# Everything the install promises is there.
foreach(pattern
    bin/iamtrim
    "lib*/libiamtrim.a"
    include/iamtrim/lint.hpp
    include/iamtrim/custom_rules.hpp
    "lib*/cmake/iamtrim/iamtrimConfig.cmake"
    "lib*/cmake/iamtrim/iamtrimConfigVersion.cmake"
    "lib*/cmake/iamtrim/iamtrimTargets.cmake"
    share/bash-completion/completions/iamtrim
    share/zsh/site-functions/_iamtrim
    share/fish/vendor_completions.d/iamtrim.fish
    share/man/man1/iamtrim.1)
  file(GLOB_RECURSE found RELATIVE ${prefix} ${prefix}/${pattern})
  if(NOT found)
    file(GLOB_RECURSE all RELATIVE ${prefix} ${prefix}/*)
    message(FATAL_ERROR "not installed: ${pattern}\ninstalled: ${all}")
  endif()
endforeach()

# The installed binary runs from the install tree.
run(${prefix}/bin/iamtrim --version)
if(NOT run_output MATCHES "^iamtrim ")
  message(FATAL_ERROR "unexpected --version output: ${run_output}")
endif()

# A project built against the install tree alone.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/consumer
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}" "-DCMAKE_CXX_FLAGS=${LINK_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
file(WRITE ${WORK_DIR}/admin.json
  "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}\n")
run(${WORK_DIR}/consumer/consumer ${WORK_DIR}/admin.json)
if(NOT run_output MATCHES "IAM501 full-admin" OR NOT run_output MATCHES "catalog ")
  message(FATAL_ERROR "the consumer did not report IAM501:\n${run_output}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
message(STATUS "installed tree OK; consumer output:\n${run_output}")
