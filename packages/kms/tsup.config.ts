import { defineConfig } from 'tsup'
import { awsPackageBuild } from '../../tsup.base.js'

export default defineConfig(awsPackageBuild)
